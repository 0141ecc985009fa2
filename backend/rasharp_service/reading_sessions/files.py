"""A session's report as CSV and PDF, and the raw reads as CSV.

The PDF uses the study report's fonts (Cyrillic), escaping of user text and research-use footer
(exports.pdf); CSV cells are made spreadsheet-safe as the study export's are.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from ..exports.csv_export import spreadsheet_safe
from ..exports.labels import Language, research_only
from ..exports.pdf import (
    header_grid,
    markup_text,
    page_footer,
    paragraph_styles,
    register_fonts,
)
from .consensus import SessionData

REPORT_COLUMNS = ["section", "kind", "reader_a", "reader_b", "statistic", "value"]
READS_COLUMNS = [
    "reader",
    "item_id",
    "study_id",
    "patient_code",
    "visit_date",
    "side",
    "joint",
    "kind",
    "grade",
    "model",
    "consensus",
    "adjudicated",
]

WORDS: dict[Language, dict[str, str]] = {
    "en": {
        "title": "rasharp: reading session report",
        "session": "Session",
        "readers": "Readers",
        "status": "Status",
        "complete": "complete",
        "open": "open (some reads are not finished; figures cover finished reads)",
        "exported": "Exported",
        "grades": "Agreement by grade",
        "kind": "Grade",
        "erosion": "Erosion",
        "jsn": "JSN",
        "pair": "Readers",
        "kappa": "Cohen's kappa",
        "qwk": "Weighted kappa (quadratic)",
        "fleiss": "Fleiss' kappa, all readers",
        "totals": "Agreement of total scores",
        "icc": "ICC(2,1)",
        "bias": "Bias",
        "limits": "95% limits of agreement",
        "sdc": "Smallest detectable change of the total",
        "none": "–",
        "model": "The model against the readers",
        "against": "Against",
        "consensus": "consensus",
        "exact": "Exact",
        "within_one": "Within one grade",
        "disagreements": "Joints where readers differ by more than one grade: {n} ({adjudicated} adjudicated).",
    },
    "ru": {
        "title": "rasharp: отчёт сеанса чтения",
        "session": "Сеанс",
        "readers": "Читающие",
        "status": "Состояние",
        "complete": "завершён",
        "open": "открыт (не все прочтения завершены; цифры по завершённым)",
        "exported": "Выгружен",
        "grades": "Согласие по баллам",
        "kind": "Балл",
        "erosion": "Эрозии",
        "jsn": "Сужение щелей",
        "pair": "Читающие",
        "kappa": "Каппа Коэна",
        "qwk": "Взвешенная каппа (квадратичная)",
        "fleiss": "Каппа Флейса, все читающие",
        "totals": "Согласие суммарных счётов",
        "icc": "ICC(2,1)",
        "bias": "Смещение",
        "limits": "95% границы согласия",
        "sdc": "Наименьшее выявляемое изменение суммы",
        "none": "–",
        "model": "Модель в сравнении с читающими",
        "against": "С кем",
        "consensus": "консенсус",
        "exact": "Точно",
        "within_one": "В пределах одного балла",
        "disagreements": "Суставы, где оценки расходятся больше чем на балл: {n} (решено: {adjudicated}).",
    },
}


def _csv(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe("" if v is None else v) for k, v in row.items()})
    return out.getvalue()


def report_csv(figures: dict) -> str:
    """Every figure of the report, one a row."""
    rows = []

    def add(section, kind, a, b, statistic, value) -> None:
        rows.append(dict(zip(REPORT_COLUMNS, (section, kind, a, b, statistic, value), strict=True)))

    for kind, agreement in figures["per_kind"].items():
        for pair in agreement["kappa_pairs"]:
            add("grades", kind, pair["a"], pair["b"], "kappa", pair["kappa"])
            add("grades", kind, pair["a"], pair["b"], "qwk", pair["qwk"])
        add("grades", kind, "", "", "fleiss_kappa", agreement["fleiss_kappa"])
    totals = figures["totals"]
    add("totals", "total", "", "", "icc_2_1", totals["icc_2_1"])
    for pair in totals["bland_altman"]:
        for statistic in ("bias", "lower", "upper"):
            add("totals", "total", pair["a"], pair["b"], statistic, pair[statistic])
    add("totals", "total", "", "", "sdc_of_change", totals["sdc_of_change"])
    for row in figures["model"]:
        for statistic in ("qwk", "exact", "within_one"):
            add("model", row["kind"], "model", row["against"], statistic, row[statistic])
    add("disagreements", "", "", "", "count", figures["disagreements"])
    add("disagreements", "", "", "", "adjudicated", figures["adjudicated"])
    return _csv(REPORT_COLUMNS, rows)


def reads_csv(data: SessionData) -> str:
    """One row per reader, item, joint and grade kind, with the model's grade and the consensus."""
    rows = []
    for unit in data.units:
        item = data.items[unit.item_id]
        for reader, name in data.readers:
            if reader not in unit.grades:
                continue
            rows.append(
                {
                    "reader": name,
                    "item_id": unit.item_id,
                    "study_id": item.study_id,
                    "patient_code": item.patient_code,
                    "visit_date": item.visit_date.isoformat(),
                    "side": unit.side,
                    "joint": unit.joint,
                    "kind": unit.kind,
                    "grade": unit.grades[reader],
                    "model": unit.model,
                    "consensus": unit.consensus,
                    "adjudicated": unit.adjudicated,
                }
            )
    return _csv(READS_COLUMNS, rows)


def _figure(value: float | None, words: dict[str, str], digits: int = 2) -> str:
    return words["none"] if value is None else f"{value:.{digits}f}"


def _grid(data: list[list], widths: list[float]) -> Table:
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(TableStyle([*header_grid(8.5), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def report_pdf(data: SessionData, figures: dict, language: Language = "en") -> bytes:
    register_fonts()
    styles = paragraph_styles()
    words = WORDS[language]
    body = styles["body"]
    status = words["complete"] if figures["complete"] else words["open"]
    story = [
        markup_text(words["title"], styles["title"]),
        markup_text(research_only(language), styles["small"]),
        Spacer(1, 4 * mm),
        markup_text(f"{words['session']}: {data.session.name}", body),
        markup_text(f"{words['readers']}: {', '.join(n for _, n in data.readers)}", body),
        markup_text(f"{words['status']}: {status}", body),
        markup_text(f"{words['exported']}: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", body),
        markup_text(words["grades"], styles["heading"]),
    ]
    grades = [[words["kind"], words["pair"], words["kappa"], words["qwk"]]]
    for kind, agreement in figures["per_kind"].items():
        for pair in agreement["kappa_pairs"]:
            grades.append(
                [
                    words[kind],
                    markup_text(f"{pair['a']} / {pair['b']}", body),
                    _figure(pair["kappa"], words),
                    _figure(pair["qwk"], words),
                ]
            )
        grades.append([words[kind], words["fleiss"], _figure(agreement["fleiss_kappa"], words), ""])
    story.append(_grid(grades, [30, 70, 35, 40]))
    totals = figures["totals"]
    story += [
        markup_text(words["totals"], styles["heading"]),
        markup_text(f"{words['icc']}: {_figure(totals['icc_2_1'], words)}", body),
        markup_text(f"{words['sdc']}: {_figure(totals['sdc_of_change'], words, 1)}", body),
        Spacer(1, 2 * mm),
    ]
    limits = [[words["pair"], words["bias"], words["limits"]]]
    for pair in totals["bland_altman"]:
        limits.append(
            [
                markup_text(f"{pair['a']} / {pair['b']}", body),
                _figure(pair["bias"], words),
                f"{_figure(pair['lower'], words)} … {_figure(pair['upper'], words)}",
            ]
        )
    story += [_grid(limits, [80, 35, 60]), markup_text(words["model"], styles["heading"])]
    model = [[words["against"], words["kind"], words["qwk"], words["exact"], words["within_one"]]]
    for row in figures["model"]:
        against = words["consensus"] if row["against"] == "consensus" else row["against"]
        model.append(
            [
                markup_text(against, body),
                words[row["kind"]],
                _figure(row["qwk"], words),
                _figure(row["exact"], words),
                _figure(row["within_one"], words),
            ]
        )
    story += [
        _grid(model, [50, 30, 40, 25, 30]),
        Spacer(1, 3 * mm),
        markup_text(
            words["disagreements"].format(
                n=figures["disagreements"], adjudicated=figures["adjudicated"]
            ),
            body,
        ),
    ]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=14 * mm,
        bottomMargin=20 * mm,
        title=f"rasharp reading session {data.session.id}",
        author="rasharp",
        lang=language,
    )
    footer = page_footer(language)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
