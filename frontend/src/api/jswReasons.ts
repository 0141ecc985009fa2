// Why a joint space width is missing, in Russian: [pattern, replacement] pairs for
// each '; '-joined part of the service's English reason. Written by
// `npm run generate-client` from backend/rasharp_service/exports/labels.py.
// Do not edit: regenerate instead.

export const JSW_REASONS_RU: readonly (readonly [string, string])[] = [
  [
    "no joint space visible along the finger axis \\(bones fused, overlapping or too faint\\)",
    "суставная щель вдоль оси пальца не видна (кости сращены, перекрываются или слишком бледные)"
  ],
  [
    "hand size unknown \\(too few joints found to set the measuring scale\\)",
    "размер кисти неизвестен (найдено слишком мало суставов для масштаба измерения)"
  ],
  [
    "the joint lies too close to the image border to measure",
    "сустав слишком близко к краю снимка для измерения"
  ],
  [
    "joint space unclear: two gaps of similar depth along the finger, not measured",
    "щель неясна: вдоль пальца два промежутка схожей глубины, не измерено"
  ],
  [
    "joint space too narrow for this film to resolve \\(under 3 pixels\\), not measured",
    "щель слишком узкая для разрешения снимка (меньше 3 пикселей), не измерено"
  ],
  [
    "joint space too faint against the bone to measure reliably",
    "щель слишком бледная на фоне кости для надёжного измерения"
  ],
  [
    "measured gap far wider than this joint's usual width: probably another structure, not measured",
    "промежуток намного шире обычного для этого сустава: вероятно, другая структура, не измерено"
  ],
  [
    "measured gap too wide for the width of the bone: probably another structure, not measured",
    "промежуток слишком широк для ширины кости: вероятно, другая структура, не измерено"
  ],
  [
    "no relative width: the bone's edges were not clear",
    "нет относительной ширины: края кости нечёткие"
  ],
  [
    "pixel spacing unknown: width given in pixels only",
    "размер пикселя неизвестен: ширина только в пикселях"
  ],
  [
    "no width in millimetres \\(pixel spacing unknown\\)",
    "нет ширины в миллиметрах (размер пикселя неизвестен)"
  ],
  [
    "no z-score: the patient's sex and age are needed",
    "нет z-оценки: нужны пол и возраст пациента"
  ],
  [
    "no z-score: reference values are for adults",
    "нет z-оценки: нормы — для взрослых"
  ],
  [
    "no z-score: no reference values for (\\w+)",
    "нет z-оценки: нет норм для $1"
  ],
  [
    "no z-score: no reference values",
    "нет z-оценки: нет норм"
  ],
  [
    "(\\w+) has no joint space narrowing grade in this scheme",
    "у $1 нет оценки сужения щели в этой схеме"
  ],
  [
    "not scored at this joint",
    "у этого сустава не оценивается"
  ],
  [
    "too few joints of this hand were found to set the crop size",
    "найдено слишком мало суставов этой кисти для выбора размера фрагмента"
  ]
];
