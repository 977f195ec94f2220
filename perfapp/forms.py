"""Form helpers every app shares."""

from django import forms


def style_form(form, *, textarea_rows: int = 2) -> None:
    """Bootstrap classes on a form's widgets (small controls, as the lists and forms use them)."""
    for field in form.fields.values():
        w = field.widget
        if isinstance(w, forms.HiddenInput):
            continue
        if isinstance(w, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            w.attrs.setdefault("class", "form-check-input")
        elif isinstance(w, forms.Select):
            w.attrs.setdefault("class", "form-select form-select-sm")
        else:
            w.attrs.setdefault("class", "form-control form-control-sm")
        if isinstance(w, forms.Textarea):
            w.attrs.setdefault("rows", textarea_rows)
