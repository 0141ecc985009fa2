"""PDF report: patient, dates, models, a thumbnail with joint markers, the score table in the
seed's layout, totals, joint space widths, edited grades, and the research-only notice on every
page. Lays out a :class:`StudyReport` that the studies service builds.

Text is set in DejaVu Sans (shipped in ``fonts/``) so Cyrillic patient codes render. Paragraphs
take ReportLab markup, so every text that is not a constant of this module goes through
:func:`_text`, which escapes it: a patient code such as ``<img src=...>`` is printed, not obeyed.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
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

from rasharp import RESEARCH_ONLY
from rasharp.scheme import JOINTS, SIDES, max_total

from ..studies.report import StudyReport

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
EDITED_FILL = colors.HexColor("#fff1c2")
SIDE_LABEL = {"right": "Right", "left": "Left"}
MARKER_COLOURS = {"right": (220, 60, 60), "left": (40, 120, 230)}


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
        registerFontFamily(BOLD, normal=BOLD, bold=BOLD, italic=BOLD, boldItalic=BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12),
        "small": ParagraphStyle("small", fontName=FONT, fontSize=7.5, leading=10),
        "heading": ParagraphStyle(
            "heading", fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
        ),
    }


def _text(value: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters in the value are printed as they are."""
    return Paragraph(escape(str(value)), style)


def study_pdf(report: StudyReport) -> bytes:
    _register_fonts()
    styles = _styles()
    rows = report.joints
    by_key = {(r["side"], r["joint"]): r for r in rows}
    sides_found = [s for s in SIDES if any(r["side"] == s for r in rows)]

    story = [
        Paragraph("rasharp: Sharp/van der Heijde hand scores", styles["title"]),
        Paragraph(f"<b>{escape(RESEARCH_ONLY)}</b>", styles["small"]),
        Spacer(1, 4 * mm),
    ]
    info = Table(
        [[_info_table(report, styles), _thumbnail(report)]],
        colWidths=[105 * mm, 70 * mm],
    )
    info.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [
        info,
        Paragraph("Scores", styles["heading"]),
        _score_table(by_key),
        Paragraph(
            "Grades a reader changed are shaded and marked *, with the model's value "
            "in brackets; ? marks a grade the model was unsure of; × means the joint "
            "has no narrowing grade; – means the joint was not found.",
            styles["small"],
        ),
        Paragraph("Totals", styles["heading"]),
        _totals_table(report.totals, len(sides_found)),
        Paragraph("Joint space width", styles["heading"]),
        _jsw_table(by_key, styles),
        Paragraph(
            "Millimetres at the detector (DICOM ImagerPixelSpacing) read some 5-10% wider "
            "than at the hand. 'of bone': the width divided by the bone's width at the "
            "joint. z: against adult reference values (Pfeil et al. 2007 for PIP; MCP "
            "1.40 mm, SD 0.25), for research.",
            styles["small"],
        ),
        Paragraph("Edited grades", styles["heading"]),
    ]
    story += _edits(report, styles)

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=14 * mm,
        bottomMargin=20 * mm,
        title=f"rasharp study {report.study_id}",
        author="rasharp",
    )
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return out.getvalue()


def _fmt_time(value: datetime | None) -> str:
    return "–" if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _info_table(report: StudyReport, styles) -> Table:
    models = ", ".join(f"{k} {v}" for k, v in report.models.items() if v) or "–"
    spacing = report.pixel_spacing_mm
    lines = [
        ("Patient code", report.patient_code or "–"),
        ("Study", f"{report.study_id} ({report.original_name})"),
        ("Uploaded", _fmt_time(report.uploaded)),
        ("Analysed", _fmt_time(report.analysed)),
        ("Exported", _fmt_time(datetime.now(UTC))),
        ("Models", models),
        (
            "Image",
            f"{report.image_format.upper()}, {report.width} x {report.height} px"
            + (f", {spacing:.3f} mm/px" if spacing else ""),
        ),
    ]
    table = Table(
        [[_text(k, styles["body"]), _text(v, styles["body"])] for k, v in lines],
        colWidths=[26 * mm, 77 * mm],
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


def _score_table(by_key: dict) -> Table:
    header = [["Joint", "Right", "", "Left", ""], ["", "Erosion", "JSN", "Erosion", "JSN"]]
    body, shaded = [], []
    for r, joint in enumerate(JOINTS, start=2):
        line = [f"{joint.code}  {joint.name}"]
        for c, (side, kind) in enumerate(
            ((s, k) for s in SIDES for k in ("erosion", "jsn")), start=1
        ):
            text, edited = _cell(by_key.get((side, joint.code)), kind)
            line.append(text)
            if edited:
                shaded.append((c, r))
        body.append(line)
    table = Table(
        header + body, colWidths=[62 * mm, 27 * mm, 27 * mm, 27 * mm, 27 * mm], repeatRows=2
    )
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("FONTNAME", (0, 0), (-1, 1), BOLD),
        ("SPAN", (1, 0), (2, 0)),
        ("SPAN", (3, 0), (4, 0)),
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


def jsw_text(row: dict | None) -> str:
    """A joint's width for the report, e.g. '1.23 mm (detector), 0.18 of bone, z -0.5', or why not."""
    if row is None or not row["present"]:
        return "–"
    if row["jsw_mm"] is None and row["jsw_relative"] is None:
        return row["jsw_reason"] or "–"
    parts = []
    if row["jsw_mm"] is not None:
        parts.append(
            f"{row['jsw_mm']:.2f} mm" + (f" ({row['jsw_mm_basis']})" if row["jsw_mm_basis"] else "")
        )
    if row["jsw_relative"] is not None:
        parts.append(f"{row['jsw_relative']:.2f} of bone")
    if row["jsw_z"] is not None:
        parts.append(f"z {row['jsw_z']:+.1f}")
    return ", ".join(parts)


def _jsw_table(by_key: dict, styles) -> Table:
    data = [["Joint", "Right", "Left"]]
    for joint in (j for j in JOINTS if j.scores("jsn")):
        data.append(
            [joint.code]
            + [_text(jsw_text(by_key.get((side, joint.code))), styles["small"]) for side in SIDES]
        )
    table = Table(data, colWidths=[20 * mm, 75 * mm, 75 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _totals_table(totals: dict, hands: int) -> Table:
    hands = max(hands, 1)
    data = [
        ["", "Erosion", "JSN", "Total"],
        [
            "All scored joints",
            f"{totals['erosion']} / {max_total('erosion', hands)}",
            f"{totals['jsn']} / {max_total('jsn', hands)}",
            str(totals["total"]),
        ],
        [
            "SvdH-comparable subtotal",
            str(totals["svdh_erosion"]),
            str(totals["svdh_jsn"]),
            str(totals["svdh_total"]),
        ],
    ]
    table = Table(data, colWidths=[62 * mm, 36 * mm, 36 * mm, 36 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
            ]
        )
    )
    return table


def _edits(report: StudyReport, styles) -> list:
    if not report.edited_grades:
        return [Paragraph("None: every grade is the model's.", styles["body"])]
    return [
        _text(
            f"{SIDE_LABEL[e.side]} {e.joint} {'erosion' if e.kind == 'erosion' else 'JSN'}: "
            f"{e.model} → {e.value} by {e.by}, {_fmt_time(e.at)}",
            styles["body"],
        )
        for e in report.edited_grades
    ]


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(colors.HexColor("#8a1c1c"))
    width = A4[0] - doc.leftMargin - doc.rightMargin
    text = canvas.beginText(doc.leftMargin, 12 * mm)
    for line in _wrap(RESEARCH_ONLY, canvas, width):
        text.textLine(line)
    canvas.drawText(text)
    canvas.setFillColor(colors.grey)
    canvas.drawRightString(A4[0] - doc.rightMargin, 6 * mm, f"page {doc.page}")
    canvas.restoreState()


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
