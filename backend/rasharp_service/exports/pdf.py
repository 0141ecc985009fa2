"""PDF report: patient, dates, models, a thumbnail with joint markers, the score table in the
seed's layout, totals, joint space widths, edited grades, and the research-only notice on every
page, in the reader's language (``labels``). Lays out a :class:`StudyReport` that the studies
service builds. A film of one hand gets the columns of that hand only.

Text is set in DejaVu Sans (shipped in ``fonts/``) so Cyrillic patient codes render. Paragraphs
take ReportLab markup, so every text that is not a constant of this module goes through
:func:`markup_text`, which escapes it: a patient code such as ``<img src=...>`` is printed, not obeyed.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import ImageDraw
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image as FlowImage
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from rasharp.scheme import JOINTS, SIDES, max_total

from ..studies.report import StudyReport
from .labels import (
    Language,
    joint_name,
    jsw_reason,
    label,
    one_hand,
    research_only,
    scope_warning,
)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
EDITED_FILL = colors.HexColor("#fff1c2")
MARKER_COLOURS = {"right": (220, 60, 60), "left": (40, 120, 230)}


def register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
        registerFontFamily(BOLD, normal=BOLD, bold=BOLD, italic=BOLD, boldItalic=BOLD)


def paragraph_styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12),
        "small": ParagraphStyle("small", fontName=FONT, fontSize=7.5, leading=10),
        "heading": ParagraphStyle(
            "heading", fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
        ),
    }


def header_grid(font_size: float) -> list[tuple]:
    """Table style commands of a grid whose first row is a shaded, bold header."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
    ]


def markup_text(value: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters in the value are printed as they are."""
    return Paragraph(escape(str(value)), style)


def imaged_sides(rows: list[dict]) -> list[str]:
    """The hands on the film: those with a located joint (both when none is located)."""
    return [s for s in SIDES if any(r["side"] == s and r["present"] for r in rows)] or list(SIDES)


def study_pdf(report: StudyReport, language: Language = "en") -> bytes:
    register_fonts()
    styles = paragraph_styles()
    rows = report.joints
    by_key = {(r["side"], r["joint"]): r for r in rows}
    sides = imaged_sides(rows)
    say = partial(label, language)

    story = [
        Paragraph(escape(say("title")), styles["title"]),
        Paragraph(f"<b>{escape(research_only(language))}</b>", styles["small"]),
        Spacer(1, 4 * mm),
    ]
    info = Table(
        [[_info_table(report, styles, language), _thumbnail(report)]],
        colWidths=[105 * mm, 70 * mm],
    )
    info.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [info, Paragraph(escape(say("scores")), styles["heading"])]
    if report.warnings:
        story.append(Paragraph(f"<b>{escape(say('caution'))}</b>", styles["body"]))
        story += [markup_text(scope_warning(language, w), styles["body"]) for w in report.warnings]
    if len(sides) == 1:
        story.append(markup_text(one_hand(language, sides[0]), styles["body"]))
    story += [
        _score_table(by_key, sides, language),
        markup_text(say("legend"), styles["small"]),
    ]
    moved = [
        f"{say('side.' + r['side'])} {r['joint']}" for r in rows if r.get("moved") and r["present"]
    ]
    if moved:
        story.append(markup_text(say("moved", joints=", ".join(moved)), styles["small"]))
    story += [
        Paragraph(escape(say("totals")), styles["heading"]),
        _totals_table(report.totals, len(sides), language),
        Paragraph(escape(say("jsw")), styles["heading"]),
        _jsw_table(by_key, sides, styles, language),
        markup_text(say("jsw_note"), styles["small"]),
        Paragraph(escape(say("edited")), styles["heading"]),
    ]
    story += _edits(report, styles, language)

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=14 * mm,
        bottomMargin=20 * mm,
        title=say("document", study_id=report.study_id),
        author="rasharp",
        lang=language,
    )
    footer = page_footer(language)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _fmt_time(value: datetime | None) -> str:
    return "–" if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _info_table(report: StudyReport, styles, language: Language) -> Table:
    models = ", ".join(f"{k} {v}" for k, v in report.models.items() if v) or "–"
    spacing = report.pixel_spacing_mm
    lines = [
        ("patient_code", report.patient_code or "–"),
        ("study", f"{report.study_id} ({report.original_name})"),
        ("visit", report.visit_date.isoformat()),
        ("uploaded", _fmt_time(report.uploaded)),
        ("analysed", _fmt_time(report.analysed)),
        ("exported", _fmt_time(datetime.now(UTC))),
        ("models", models),
        (
            "image",
            f"{report.image_format.upper()}, {report.width} x {report.height} px"
            + (f", {spacing:.3f} mm/px" if spacing else ""),
        ),
    ]
    table = Table(
        [
            [markup_text(label(language, k), styles["body"]), markup_text(v, styles["body"])]
            for k, v in lines
        ],
        colWidths=[33 * mm, 70 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _thumbnail(report: StudyReport) -> FlowImage:
    image = report.picture.convert("RGB")
    scale = 600 / max(image.size)
    thumb = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    draw = ImageDraw.Draw(thumb)
    radius = max(3, round(min(thumb.size) / 70))
    for row in report.joints:
        if row["x"] is None:
            continue
        x, y = row["x"] * scale, row["y"] * scale
        colour = MARKER_COLOURS[row["side"]]
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=colour, width=2)
        draw.text((x + radius + 1, y - radius - 1), row["joint"], fill=colour)
    buffer = io.BytesIO()
    thumb.save(buffer, format="PNG")
    buffer.seek(0)
    width = 68 * mm
    return FlowImage(buffer, width=width, height=width * thumb.height / thumb.width)


def _cell(row: dict | None, kind: str) -> tuple[str, bool]:
    if row is None:
        return "–", False
    grade = row[kind]
    if grade is None:
        return "×", False
    if not row["present"] and grade["value"] is None:
        return "–", False
    text = "–" if grade["value"] is None else str(grade["value"])
    if grade["edited"]:
        text += f"* ({'–' if grade['model'] is None else grade['model']})"
    elif grade["uncertain"] and not grade["confirmed"]:
        text += "?"
    return text, grade["edited"]


def _score_table(by_key: dict, sides: list[str], language: Language) -> Table:
    # the grade kinds' names may wrap ("Сужение щелей" is wider than its column)
    kind_style = ParagraphStyle("kind", fontName=BOLD, fontSize=8.5, leading=10, alignment=1)
    header: list[list] = [[label(language, "joint")], [""]]
    for side in sides:
        header[0] += [label(language, side), ""]
        header[1] += [markup_text(label(language, kind), kind_style) for kind in ("erosion", "jsn")]
    body, shaded = [], []
    for r, joint in enumerate(JOINTS, start=2):
        line = [f"{joint.code}  {joint_name(language, joint)}"]
        for c, (side, kind) in enumerate(
            ((s, k) for s in sides for k in ("erosion", "jsn")), start=1
        ):
            text, edited = _cell(by_key.get((side, joint.code)), kind)
            line.append(text)
            if edited:
                shaded.append((c, r))
        body.append(line)
    grade_width = 25.5 * mm if len(sides) == 2 else 40 * mm
    table = Table(
        header + body, colWidths=[68 * mm] + [grade_width] * (2 * len(sides)), repeatRows=2
    )
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("FONTNAME", (0, 0), (-1, 1), BOLD),
        *(("SPAN", (c, 0), (c + 1, 0)) for c in range(1, 2 * len(sides), 2)),
        ("SPAN", (0, 0), (0, 1)),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#e8eef5")),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    style += [("BACKGROUND", cell, cell, EDITED_FILL) for cell in shaded]
    table.setStyle(TableStyle(style))
    return table


def jsw_text(row: dict | None, language: Language = "en") -> str:
    """A joint's width for the report, e.g. '1.23 mm (detector), 0.18 of bone, z -0.5', or why not."""
    if row is None or not row["present"]:
        return "–"
    if row["jsw_mm"] is None and row["jsw_relative"] is None:
        return jsw_reason(language, row["jsw_reason"]) if row["jsw_reason"] else "–"
    parts = []
    if row["jsw_mm"] is not None:
        basis = row["jsw_mm_basis"]
        unit = "мм" if language == "ru" else "mm"
        parts.append(
            f"{row['jsw_mm']:.2f} {unit}"
            + (
                f" ({label(language, 'basis.' + basis)})"
                if basis in ("detector", "anatomy")
                else ""
            )
        )
    if row["jsw_relative"] is not None:
        parts.append(label(language, "of_bone", value=f"{row['jsw_relative']:.2f}"))
    if row["jsw_z"] is not None:
        parts.append(f"z {row['jsw_z']:+.1f}")
    return ", ".join(parts)


def _jsw_table(by_key: dict, sides: list[str], styles, language: Language) -> Table:
    data = [[label(language, "joint"), *(label(language, side) for side in sides)]]
    for joint in (j for j in JOINTS if j.scores("jsn")):
        data.append(
            [joint.code]
            + [
                markup_text(jsw_text(by_key.get((side, joint.code)), language), styles["small"])
                for side in sides
            ]
        )
    side_width = 150 * mm / len(sides)
    table = Table(data, colWidths=[20 * mm] + [side_width] * len(sides), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                *header_grid(8),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _totals_table(totals: dict, hands: int, language: Language) -> Table:
    hands = max(hands, 1)
    say = partial(label, language)
    data = [
        ["", say("erosion"), say("jsn"), say("total")],
        [
            say("all_joints"),
            f"{totals['erosion']} / {max_total('erosion', hands)}",
            f"{totals['jsn']} / {max_total('jsn', hands)}",
            str(totals["total"]),
        ],
        [
            say("svdh"),
            str(totals["svdh_erosion"]),
            str(totals["svdh_jsn"]),
            str(totals["svdh_total"]),
        ],
    ]
    table = Table(data, colWidths=[62 * mm, 36 * mm, 36 * mm, 36 * mm])
    table.setStyle(TableStyle([*header_grid(9), ("ALIGN", (1, 0), (-1, -1), "CENTER")]))
    return table


def _edits(report: StudyReport, styles, language: Language) -> list:
    if not report.edited_grades:
        return [markup_text(label(language, "no_edits"), styles["body"])]
    return [
        markup_text(
            label(
                language,
                "edit",
                side=label(language, f"side.{e.side}"),
                joint=e.joint,
                kind=label(language, f"kind.{e.kind}"),
                model=e.model,
                value=e.value,
                by=e.by,
                at=_fmt_time(e.at),
            ),
            styles["body"],
        )
        for e in report.edited_grades
    ]


def page_footer(language: Language):
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#8a1c1c"))
        width = A4[0] - doc.leftMargin - doc.rightMargin
        text = canvas.beginText(doc.leftMargin, 12 * mm)
        for line in _wrap(research_only(language), canvas, width):
            text.textLine(line)
        canvas.drawText(text)
        canvas.setFillColor(colors.grey)
        page = label(language, "page", page=doc.page)
        canvas.drawRightString(A4[0] - doc.rightMargin, 6 * mm, page)
        canvas.restoreState()

    return draw


def _wrap(text: str, canvas, width: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if canvas.stringWidth(candidate, FONT, 7.5) > width and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current]
