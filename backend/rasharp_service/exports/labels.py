"""Every word of the exports in each language a reader can choose (the UI's languages).

``python -m rasharp_service.exports.labels --typescript`` prints the reasons for a missing joint
space width as the UI's module (frontend/src/api/jswReasons.ts, by `npm run generate-client`),
so that the table says them in Russian from this one list.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Literal

from rasharp.scheme import Joint

Language = Literal["en", "ru"]

RESEARCH_ONLY_RU = (
    "Только для исследований, не для клинической диагностики. Веса оценки по умолчанию обучены "
    "на смоделированных поражениях, нарисованных на рентгенограммах здоровых кистей (без "
    "настоящего ревматоидного артрита), и не прошли клиническую валидацию."
)

LABELS: dict[Language, dict[str, str]] = {
    "en": {
        "title": "rasharp: Sharp/van der Heijde hand scores",
        "document": "rasharp study {study_id}",
        "patient_code": "Patient code",
        "study": "Study",
        "visit": "Visit date",
        "uploaded": "Uploaded",
        "analysed": "Analysed",
        "exported": "Exported",
        "models": "Models",
        "image": "Image",
        "scores": "Scores",
        "joint": "Joint",
        "right": "Right",
        "left": "Left",
        "erosion": "Erosion",
        "jsn": "JSN",
        "total": "Total",
        "legend": (
            "Grades a reader changed are shaded and marked *, with the model's value in brackets; "
            "? marks a grade the model was unsure of; × means the joint has no narrowing grade; "
            "– means the joint is not imaged (outside the film or not located on it)."
        ),
        "one_hand": "Only the {side} hand is on this film.",
        "totals": "Totals",
        "all_joints": "All scored joints",
        "svdh": "SvdH-comparable subtotal",
        "jsw": "Joint space width",
        "jsw_note": (
            "Millimetres at the detector (DICOM ImagerPixelSpacing) read some 5-10% wider than at "
            "the hand. 'of bone': the width divided by the bone's width at the joint. z: against "
            "adult reference values (Pfeil et al. 2007 for PIP; MCP 1.40 mm, SD 0.25), for "
            "research."
        ),
        "of_bone": "{value} of bone",
        "basis.detector": "detector",
        "basis.anatomy": "at the hand",
        "edited": "Edited grades",
        "no_edits": "None: every grade is the model's.",
        "edit": "{side} {joint} {kind}: {model} → {value} by {by}, {at}",
        "moved": "Joints a reader moved: {joints}.",
        "caution": "Caution",
        "scope.joints_not_imaged": (
            "{side} hand: {joints} lie outside the film (not imaged); their grades are missing "
            "from the totals."
        ),
        "scope.partial_hand": (
            "{side} hand: only {graded} of {total} joints could be graded; its totals leave out "
            "the rest."
        ),
        "scope.not_pa_view": (
            "{side} hand: the knuckles lie close together, as on an oblique or lateral view; the "
            "grades were learnt on posteroanterior views."
        ),
        "scope.poor_exposure": "{side} hand: {problem}; bone margins may not be readable.",
        "scope.immature_skeleton": (
            "{side} hand: open growth plates beside {open} of {judged} joints, as in a child; the "
            "grades and joint space widths assume an adult's bones."
        ),
        "scope.burned_in_annotation": (
            "The DICOM header says patient details may be burned into the image "
            "(BurnedInAnnotation = YES); they stay in the pixels: check the film before sharing it."
        ),
        "exposure.too_bright": "the film is too bright (under-exposed)",
        "exposure.too_dark": "the film is too dark (over-exposed)",
        "exposure.low_contrast": "the film has too little contrast",
        "page": "page {page}",
        "side.right": "Right",
        "side.left": "Left",
        "kind.erosion": "erosion",
        "kind.jsn": "JSN",
    },
    "ru": {
        "title": "rasharp: оценка кистей по Sharp/van der Heijde",
        "document": "rasharp, исследование {study_id}",
        "patient_code": "Код пациента",
        "study": "Исследование",
        "visit": "Дата визита",
        "uploaded": "Загружено",
        "analysed": "Анализ",
        "exported": "Выгружено",
        "models": "Модели",
        "image": "Снимок",
        "scores": "Оценки",
        "joint": "Сустав",
        "right": "Справа",
        "left": "Слева",
        "erosion": "Эрозии",
        "jsn": "Сужение щелей",
        "total": "Всего",
        "legend": (
            "Оценки, изменённые специалистом, выделены цветом и отмечены *, значение модели — в "
            "скобках; ? — модель не уверена в оценке; × — у сустава нет оценки сужения; – — "
            "сустав не отображён на снимке (вне снимка или не найден на нём)."
        ),
        "one_hand": "На этом снимке только {side} кисть.",
        "totals": "Суммы",
        "all_joints": "Все оцениваемые суставы",
        "svdh": "Сумма, сопоставимая с SvdH",
        "jsw": "Ширина суставной щели",
        "jsw_note": (
            "Миллиметры на детекторе (DICOM ImagerPixelSpacing) примерно на 5–10% больше, чем на "
            "кисти. «ширины кости»: ширина щели, делённая на ширину кости у сустава. z: "
            "относительно нормы взрослых (Pfeil et al. 2007 для ПМФ; ПЯФ 1,40 мм, SD 0,25), для "
            "исследований."
        ),
        "of_bone": "{value} ширины кости",
        "basis.detector": "на детекторе",
        "basis.anatomy": "на кисти",
        "edited": "Изменённые оценки",
        "no_edits": "Нет: все оценки — оценки модели.",
        "edit": "{side} {joint}, {kind}: {model} → {value}, изменил(а) {by}, {at}",
        "moved": "Суставы, перенесённые специалистом: {joints}.",
        "caution": "Внимание",
        "scope.joints_not_imaged": (
            "{side} кисть: {joints} за пределами снимка (не отображены); их оценок нет в суммах."
        ),
        "scope.partial_hand": (
            "{side} кисть: оценено только {graded} из {total} суставов; суммы не учитывают "
            "остальные."
        ),
        "scope.not_pa_view": (
            "{side} кисть: пястно-фаланговые суставы сближены, как в косой или боковой "
            "проекции; модель обучена на прямых (задне-передних) снимках."
        ),
        "scope.poor_exposure": "{side} кисть: {problem}; края костей могут не читаться.",
        "scope.immature_skeleton": (
            "{side} кисть: открытые зоны роста у {open} из {judged} суставов, как у ребёнка; "
            "оценки и ширина суставных щелей рассчитаны на кости взрослого."
        ),
        "scope.burned_in_annotation": (
            "В заголовке DICOM указано, что данные пациента могут быть впечатаны в изображение "
            "(BurnedInAnnotation = YES); они остаются в пикселях: проверьте снимок, прежде чем "
            "передавать его."
        ),
        "exposure.too_bright": "снимок слишком светлый (недоэкспонирован)",
        "exposure.too_dark": "снимок слишком тёмный (переэкспонирован)",
        "exposure.low_contrast": "у снимка слишком низкий контраст",
        "page": "стр. {page}",
        "side.right": "Правая",
        "side.left": "Левая",
        "kind.erosion": "эрозии",
        "kind.jsn": "сужение",
    },
}

# The one-hand sentence names the hand in the nominative ("правая кисть").
_ONE_HAND_SIDE: dict[Language, dict[str, str]] = {
    "en": {"right": "right", "left": "left"},
    "ru": {"right": "правая", "left": "левая"},
}

_RU_GROUP_NAMES = {
    "IP": "межфаланговый 1-го пальца",
    "DIP": "дистальный межфаланговый {finger}",
    "PIP": "проксимальный межфаланговый {finger}",
    "MCP": "пястно-фаланговый {finger}",
    "CMC": "первый запястно-пястный",
}


def label(language: Language, key: str, **values: object) -> str:
    return LABELS[language][key].format(**values)


def one_hand(language: Language, side: str) -> str:
    return label(language, "one_hand", side=_ONE_HAND_SIDE[language][side])


def joint_name(language: Language, joint: Joint) -> str:
    if language == "ru":
        return _RU_GROUP_NAMES[joint.group].format(finger=joint.finger)
    return joint.name


def research_only(language: Language) -> str:
    from rasharp import RESEARCH_ONLY

    return RESEARCH_ONLY_RU if language == "ru" else RESEARCH_ONLY


def language_from(accept_language: str | None) -> Language:
    """The first of the reader's languages that the exports speak; English otherwise."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag == "ru" or tag.startswith("ru-"):
            return "ru"
        if tag == "en" or tag.startswith("en-"):
            return "en"
    return "en"


# Why a joint space width is absent, as the measuring code (rasharp.jsw, rasharp.reference,
# rasharp.scoring.infer) words it, and in Russian. A reason not listed is printed as it is.
_JSW_REASONS_RU: tuple[tuple[str, str], ...] = (
    (
        r"no joint space visible along the finger axis \(bones fused, overlapping or too faint\)",
        "суставная щель вдоль оси пальца не видна (кости сращены, перекрываются или слишком "
        "бледные)",
    ),
    (
        r"hand size unknown \(too few joints found to set the measuring scale\)",
        "размер кисти неизвестен (найдено слишком мало суставов для масштаба измерения)",
    ),
    (
        r"the joint lies too close to the image border to measure",
        "сустав слишком близко к краю снимка для измерения",
    ),
    (
        r"joint space unclear: two gaps of similar depth along the finger, not measured",
        "щель неясна: вдоль пальца два промежутка схожей глубины, не измерено",
    ),
    (
        r"joint space too narrow for this film to resolve \(under 3 pixels\), not measured",
        "щель слишком узкая для разрешения снимка (меньше 3 пикселей), не измерено",
    ),
    (
        r"joint space too faint against the bone to measure reliably",
        "щель слишком бледная на фоне кости для надёжного измерения",
    ),
    (
        r"measured gap far wider than this joint's usual width: probably another structure, "
        r"not measured",
        "промежуток намного шире обычного для этого сустава: вероятно, другая структура, "
        "не измерено",
    ),
    (
        r"measured gap too wide for the width of the bone: probably another structure, "
        r"not measured",
        "промежуток слишком широк для ширины кости: вероятно, другая структура, не измерено",
    ),
    (
        r"no relative width: the bone's edges were not clear",
        "нет относительной ширины: края кости нечёткие",
    ),
    (
        r"pixel spacing unknown: width given in pixels only",
        "размер пикселя неизвестен: ширина только в пикселях",
    ),
    (
        r"no width in millimetres \(pixel spacing unknown\)",
        "нет ширины в миллиметрах (размер пикселя неизвестен)",
    ),
    (
        r"no z-score: the patient's sex and age are needed",
        "нет z-оценки: нужны пол и возраст пациента",
    ),
    (r"no z-score: reference values are for adults", "нет z-оценки: нормы — для взрослых"),
    (r"no z-score: no reference values for (\w+)", r"нет z-оценки: нет норм для \1"),
    (r"no z-score: no reference values", "нет z-оценки: нет норм"),
    (
        r"(\w+) has no joint space narrowing grade in this scheme",
        r"у \1 нет оценки сужения щели в этой схеме",
    ),
    (r"not scored at this joint", "у этого сустава не оценивается"),
    (
        r"too few joints of this hand were found to set the crop size",
        "найдено слишком мало суставов этой кисти для выбора размера фрагмента",
    ),
)


def jsw_reason(language: Language, reason: str) -> str:
    """The reason in ``language``: each of its '; '-joined parts that is known is translated."""
    if language != "ru":
        return reason
    parts = []
    for part in reason.split("; "):
        for pattern, russian in _JSW_REASONS_RU:
            if re.fullmatch(pattern, part):
                part = re.sub(pattern, russian, part)
                break
        parts.append(part)
    return "; ".join(parts)


def typescript() -> str:
    """The UI's module of the Russian reasons: JavaScript patterns and replacements."""
    pairs = [[pattern, russian.replace("\\1", "$1")] for pattern, russian in _JSW_REASONS_RU]
    return (
        "// Why a joint space width is missing, in Russian: [pattern, replacement] pairs for\n"
        "// each '; '-joined part of the service's English reason. Written by\n"
        "// `npm run generate-client` from backend/rasharp_service/exports/labels.py.\n"
        "// Do not edit: regenerate instead.\n\n"
        "export const JSW_REASONS_RU: readonly (readonly [string, string])[] = "
        + json.dumps(pairs, ensure_ascii=False, indent=2)
        + ";\n"
    )


if __name__ == "__main__":
    if sys.argv[1:] != ["--typescript"]:
        sys.exit("usage: python -m rasharp_service.exports.labels --typescript")
    sys.stdout.write(typescript())


def scope_warning(language: Language, warning: dict) -> str:
    """A scope warning (rasharp.scope) as a sentence of the report."""
    params = dict(warning.get("params") or {})
    side = warning.get("side")
    params["side"] = label(language, f"side.{side}") if side else ""
    if "joints" in params:
        params["joints"] = ", ".join(params["joints"])
    if "problem" in params:
        params["problem"] = label(language, f"exposure.{params['problem']}")
    return label(language, f"scope.{warning['code']}", **params)
