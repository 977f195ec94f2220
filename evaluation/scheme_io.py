"""A self-evaluation scoring scheme as JSON, so a bureau can adopt another's rules without code
(issue 5: "A scheme can be copied, edited by finance admin and exported/imported as JSON").

The JSON is exactly the Policy's `self_evaluation` section (numbers as strings, so nothing is lost
to floating point); reading it goes through the same builder and validation as the Policy itself.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from budgets.policy import PolicyData, PolicyError, SelfEvaluation

#: Marks a file as a perfapp self-evaluation scheme; a file of another kind is refused.
FORMAT = "perfapp.self_evaluation_scheme"
VERSION = 1


def scheme_to_json(scheme: SelfEvaluation) -> str:
    """The scheme as indented UTF-8 JSON (Chinese labels readable, Decimals as strings)."""
    section = PolicyData(self_evaluation=scheme).to_dict()["self_evaluation"]
    document = {"format": FORMAT, "version": VERSION, "scheme": section}
    return json.dumps(document, ensure_ascii=False, indent=2)


def scheme_from_json(text: str | bytes) -> SelfEvaluation:
    """Read a scheme written by `scheme_to_json`, or a bare `self_evaluation` section copied from a
    Policy. Missing fields take the 财预〔2020〕10号 defaults, as a Policy does; unknown fields, wrong
    types and schemes that cannot score are refused with a PolicyError in Chinese."""
    try:
        document = json.loads(text)
    except (ValueError, TypeError) as exc:
        raise PolicyError(_("评分方案文件不是有效的 JSON：%(error)s") % {"error": exc})
    if not isinstance(document, dict):
        raise PolicyError(_("评分方案文件的内容应为一个 JSON 对象。"))
    if "format" in document:
        if document["format"] != FORMAT:
            raise PolicyError(_("这不是本系统导出的自评评分方案文件。"))
        if document.get("version") != VERSION:
            raise PolicyError(
                _("不支持的评分方案文件版本：%(version)s（本系统支持第 %(supported)s 版）。")
                % {"version": document.get("version"), "supported": VERSION}
            )
        section = document.get("scheme")
    else:
        section = document
    if not isinstance(section, dict):
        raise PolicyError(_("评分方案文件缺少方案内容（scheme）。"))
    scheme = PolicyData.from_dict({"self_evaluation": section}).self_evaluation
    scheme.validate()
    return scheme
