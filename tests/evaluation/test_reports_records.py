"""Work records of department and fiscal evaluations: who adds what, date order on the page, files
with their SHA-256 and size limit, and downloads scoped to those who see the evaluation."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation.models import Attachment, Evaluation, WorkRecord
from evaluation.records import RecordError, RecordInput, add_record, can_add_record
from perfapp.models import AuditEvent, EventKind
from tests.evaluation.reports_data import assign, make_evaluation, media_root  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

ONSITE = RecordInput(
    "onsite",
    datetime.date(2026, 9, 3),
    place="吉林省实验中学",
    people="张三（组长）、李四",
    content="查看设备到货与验收，发现2台设备未验收。",
)


def upload(name="现场照片.pdf", data=b"%PDF-1.4 evidence"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def record_url(evaluation):
    return reverse("evaluation:record_add", args=[evaluation.pk])


def detail_url(evaluation):
    return reverse("evaluation:evaluation_detail", args=[evaluation.pk])


def test_the_finance_evaluator_records_an_onsite_visit_with_a_file_and_its_sha256(personas):
    evaluation = make_evaluation(personas)
    record = add_record(evaluation, personas.finance_reviewer, ONSITE, [upload()])
    assert record.kind == WorkRecord.Kind.ONSITE and record.place == "吉林省实验中学"
    stored = record.files.get()
    assert stored.evaluation_id == evaluation.pk and stored.size == len(b"%PDF-1.4 evidence")
    assert stored.sha256 == hashlib.sha256(b"%PDF-1.4 evidence").hexdigest()
    with stored.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 evidence"
    event = AuditEvent.objects.get(kind=EventKind.CREATED, object_id=str(record.pk))
    assert event.data["files"][0]["sha256"] == stored.sha256


def test_a_department_evaluation_is_recorded_by_its_department_not_by_finance(personas):
    evaluation = make_evaluation(personas, kind=Evaluation.Kind.DEPARTMENT)
    assert can_add_record(personas.dept_d_officer, evaluation)[0]
    assert not can_add_record(personas.dept_e_officer, evaluation)[0]
    assert not can_add_record(personas.officer_a, evaluation)[0]  # the evaluated unit does not record
    fiscal = make_evaluation(personas, project_name="校舍维修项目")
    assert can_add_record(personas.finance_reviewer, fiscal)[0]
    assert can_add_record(personas.finance_admin, fiscal)[0]
    assert not can_add_record(personas.dept_d_officer, fiscal)[0]


def test_an_assigned_expert_records_offsite_and_onsite_work_only(personas, login, api):
    evaluation = make_evaluation(personas)
    assert not can_add_record(personas.expert, evaluation)[0]
    assign(evaluation, personas.expert)
    assert can_add_record(personas.expert, evaluation, "onsite")[0]
    assert can_add_record(personas.expert, evaluation, "offsite")[0]
    ok, reason = can_add_record(personas.expert, evaluation, "joint_review")
    assert not ok and "非现场评审和现场评价" in reason
    record = add_record(evaluation, personas.expert, ONSITE, [upload()])
    assert record.created_by == personas.expert
    client = login(personas.expert)
    html = client.get(detail_url(evaluation)).content.decode()
    assert "发现2台设备未验收" in html and 'id="record-form"' in html
    assert client.get(reverse("evaluation:record_file", args=[record.files.get().pk])).status_code == 200
    assert api(personas.expert).get(API).json()["count"] == 1


def test_nothing_is_recorded_once_the_evaluation_is_final(personas):
    evaluation = make_evaluation(personas, status=Evaluation.Status.FINAL)
    with pytest.raises(RecordError) as refused:
        add_record(evaluation, personas.finance_reviewer, ONSITE)
    assert refused.value.message == "评价已定稿，不能再添加工作记录。"
    assert not WorkRecord.objects.exists()


def test_an_onsite_visit_needs_place_and_people(personas):
    evaluation = make_evaluation(personas)
    with pytest.raises(RecordError) as refused:
        add_record(
            evaluation,
            personas.finance_reviewer,
            RecordInput("onsite", datetime.date(2026, 9, 3), content="x"),
        )
    assert refused.value.field == "place"


def test_a_file_over_the_limit_or_of_a_strange_type_is_refused_and_nothing_is_kept(personas, settings):
    settings.EVALUATION_FILE_MAX_BYTES = 10
    evaluation = make_evaluation(personas)
    with pytest.raises(RecordError) as refused:
        add_record(evaluation, personas.finance_reviewer, ONSITE, [upload(data=b"x" * 11)])
    assert "超过" in refused.value.message
    settings.EVALUATION_FILE_MAX_BYTES = 1000
    with pytest.raises(RecordError) as refused:
        add_record(evaluation, personas.finance_reviewer, ONSITE, [upload(name="run.exe")])
    assert "不支持的文件类型" in refused.value.message
    assert not WorkRecord.objects.exists() and not Attachment.objects.exists()


# --- pages ----------------------------------------------------------------------------------------


def test_the_page_lists_records_in_date_order(personas, login):
    evaluation = make_evaluation(personas)
    add_record(evaluation, personas.finance_reviewer, ONSITE)
    add_record(
        evaluation,
        personas.finance_reviewer,
        RecordInput("plan", datetime.date(2026, 8, 20), content="制定评价工作方案"),
    )
    add_record(
        evaluation,
        personas.finance_reviewer,
        RecordInput("joint_review", datetime.date(2026, 10, 9), content="联评联审：建议补充满意度调查样本"),
    )
    html = login(personas.auditor).get(detail_url(evaluation)).content.decode()
    positions = [
        html.index(text) for text in ("制定评价工作方案", "发现2台设备未验收", "建议补充满意度调查样本")
    ]
    assert positions == sorted(positions)
    assert "record-form" not in html  # the auditor reads only


def test_adding_a_record_on_the_page_stores_its_files(personas, login):
    evaluation = make_evaluation(personas)
    client = login(personas.finance_reviewer)
    response = client.post(
        record_url(evaluation),
        {
            "kind": "onsite",
            "date": "2026-09-03",
            "place": "吉林省实验中学",
            "people": "张三、李四",
            "content": "现场核查",
            "files": [upload("照片.jpg", b"jpeg-bytes"), upload("签到表.pdf", b"pdf-bytes")],
        },
    )
    assert response.status_code == 302
    record = WorkRecord.objects.get(evaluation=evaluation)
    assert sorted(record.files.values_list("name", flat=True)) == ["照片.jpg", "签到表.pdf"]
    html = client.get(detail_url(evaluation)).content.decode()
    assert "照片.jpg" in html and "签到表.pdf" in html


def test_the_form_keeps_the_input_when_refused(personas, login):
    evaluation = make_evaluation(personas)
    response = login(personas.finance_reviewer).post(
        record_url(evaluation),
        {"kind": "onsite", "date": "2026-09-03", "people": "张三", "content": "现场核查记录"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "现场评价和交换意见须填写地点。" in html and "现场核查记录" in html
    assert not WorkRecord.objects.exists()


def test_an_auditor_cannot_add_records(personas, login):
    evaluation = make_evaluation(personas)
    response = login(personas.auditor).post(
        record_url(evaluation), {"kind": "plan", "date": "2026-09-03", "content": "x"}
    )
    assert response.status_code == 403
    assert not WorkRecord.objects.exists()


def test_another_departments_officer_gets_404_for_the_evaluation_and_its_files(personas, login):
    evaluation = make_evaluation(personas)
    record = add_record(evaluation, personas.finance_reviewer, ONSITE, [upload()])
    stored = record.files.get()
    file_url = reverse("evaluation:record_file", args=[stored.pk])
    other = login(personas.dept_e_officer)
    assert other.get(detail_url(evaluation)).status_code == 404
    assert other.get(file_url).status_code == 404
    assert (
        other.post(record_url(evaluation), {"kind": "plan", "date": "2026-09-03", "content": "x"}).status_code
        == 404
    )
    own = login(personas.dept_d_officer)
    response = own.get(file_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evidence"


# --- API ------------------------------------------------------------------------------------------

API = "/api/v1/evaluation-work-records/"


def test_the_api_adds_a_record_with_files_and_lists_it_only_to_those_who_see_the_evaluation(personas, api):
    evaluation = make_evaluation(personas)
    response = api(personas.finance_reviewer).post(
        API,
        {
            "evaluation": evaluation.pk,
            "kind": "exchange",
            "date": "2026-09-20",
            "place": "吉林省教育厅",
            "people": "评价组、单位财务负责人",
            "content": "就评价发现交换意见，单位无异议。",
            "files": [upload("交换意见记录.pdf", b"exchange")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind_display"] == "与被评价单位交换意见"
    assert body["files"][0]["sha256"] == hashlib.sha256(b"exchange").hexdigest()
    download = api(personas.auditor).get(body["files"][0]["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"exchange"

    assert api(personas.auditor).get(API, {"evaluation": evaluation.pk}).json()["count"] == 1
    assert api(personas.dept_e_officer).get(API).json()["count"] == 0
    assert api(personas.dept_e_officer).get(f"{API}{body['id']}/").status_code == 404
    assert api(personas.dept_e_officer).get(body["files"][0]["download_url"]).status_code == 404


def test_the_api_refuses_a_record_from_a_read_only_role_or_a_stranger(personas, api):
    evaluation = make_evaluation(personas)
    data = {"evaluation": evaluation.pk, "kind": "plan", "date": "2026-09-01", "content": "方案"}
    assert api(personas.auditor).post(API, data).status_code == 403
    stranger = api(personas.dept_e_officer).post(API, data)
    assert stranger.status_code == 400 and "evaluation" in stranger.json()  # not visible: as if absent
    refused = api(personas.officer_a).post(API, data)
    assert refused.status_code == 403 and "组织单位或指派专家" in refused.json()["detail"]
    assert not WorkRecord.objects.exists()
