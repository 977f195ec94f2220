"""消息中心: each user's own inbox; marking read only by POST and only one's own messages."""

import pytest
from django.urls import reverse

from perfapp.models import EventKind, Notification
from perfapp.notify import notify

pytestmark = pytest.mark.django_db


def message(user, title="待初审：义务教育项目", url="/budgets/projects/1/"):
    return Notification.objects.create(recipient=user, kind=EventKind.TRANSITION, title=title, url=url)


def test_the_inbox_lists_only_the_users_own_messages(personas, login, django_assert_max_num_queries):
    for i in range(5):
        message(personas.dept_d_officer, title=f"待初审：项目{i}")
    message(personas.dept_e_officer, title="待初审：卫生项目")
    client = login(personas.dept_d_officer)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("notification_list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "消息中心" in html and "待初审：项目4" in html
    assert "卫生项目" not in html


def test_notify_puts_the_message_in_the_recipients_inbox_but_not_the_actors(personas, login, mailoutbox):
    notify(
        EventKind.REMINDER,
        personas.finance_admin,
        None,
        [personas.officer_a, personas.finance_admin],
        title="请于 3 月 31 日前提交绩效自评",
    )
    assert list(Notification.objects.values_list("recipient", flat=True)) == [personas.officer_a.pk]
    html = login(personas.officer_a).get(reverse("notification_list")).content.decode()
    assert "请于 3 月 31 日前提交绩效自评" in html


def test_marking_a_message_read_needs_a_post(personas, login):
    note = message(personas.officer_a)
    client = login(personas.officer_a)

    assert client.get(reverse("notification_read", args=[note.pk])).status_code == 405
    note.refresh_from_db()
    assert note.read_at is None

    response = client.post(reverse("notification_read", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("notification_list")
    note.refresh_from_db()
    assert note.read_at is not None


def test_opening_a_message_marks_it_read_and_goes_to_its_page(personas, login):
    note = message(personas.officer_a, url="/budgets/projects/7/")
    response = login(personas.officer_a).post(reverse("notification_read", args=[note.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/budgets/projects/7/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_message_link_to_another_site_is_not_followed(personas, login):
    note = message(personas.officer_a, url="https://evil.example/")
    response = login(personas.officer_a).post(
        reverse("notification_read", args=[note.pk]), {"open": "1", "next": "//evil.example/"}
    )
    assert response["Location"] == reverse("notification_list")


def test_someone_elses_message_cannot_be_marked_read(personas, login):
    note = message(personas.officer_b)
    response = login(personas.officer_a).post(reverse("notification_read", args=[note.pk]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read_touches_only_the_users_messages(personas, login):
    mine = [message(personas.officer_a) for _ in range(3)]
    theirs = message(personas.officer_b)

    response = login(personas.officer_a).post(reverse("notification_read_all"), follow=True)

    assert "已将 3 条消息标为已读" in response.content.decode()
    assert Notification.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_unread_tab_hides_read_messages(personas, login):
    message(personas.officer_a, title="已读的消息")
    Notification.objects.update(read_at="2026-01-01T00:00:00+08:00")
    message(personas.officer_a, title="未读的消息")
    html = login(personas.officer_a).get(reverse("notification_list") + "?unread=1").content.decode()
    assert "未读的消息" in html and "已读的消息" not in html


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("notification_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
