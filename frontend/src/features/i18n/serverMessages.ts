// The service's messages by code (backend/rasharp_service/errors.py), in English and Russian:
// the UI says a refusal in the reader's language from its code and params. A code the service
// can send without a text here fails the type check and tests/backend/test_error_codes.py.

export const serverEn = {
  "server.untranslated": "{detail}",
  "server.request.invalid": "The request was not valid: {problems}.",
  "server.request.no_route": "No API route {path}.",
  "server.request.refused": "The request was refused ({status}).",
  "server.request.body_too_large": "The request is larger than {megabytes} MB.",
  "server.request.cross_site":
    "Refused: this change was sent by a page of {origin}, not by this service's own pages ({own}). Open the application at {own} and try again.",
  "server.request.cross_site_unknown":
    "Refused: this change was sent by a page of another site. Open the application at its own address and try again.",
  "server.service.database_unreachable":
    "The database is not reachable just now (it may be restarting). Try again in a moment.",
  "server.auth.not_signed_in": "Not signed in, or the session has expired: please sign in.",
  "server.auth.wrong_credentials": "Wrong username or password.",
  "server.auth.too_many_attempts":
    "Too many failed sign-ins for this account or from this address: sign-in is paused for about {minutes} min. Try again then, or ask an administrator to set a new password.",
  "server.auth.throttle_unreachable":
    "Sign-in is unavailable just now: the service cannot reach the server that counts failed sign-ins. Try again shortly.",
  "server.auth.disclaimer_required":
    "Please read and accept the research-use disclaimer first: uploads, edits and exports are refused until the current version is accepted.",
  "server.auth.admin_only": "Only an administrator may manage users.",
  "server.disclaimer.outdated":
    "Disclaimer version {version} has been replaced by version {current}: read the new version and accept it.",
  "server.users.not_found": "There is no user {user_id}.",
  "server.users.name_taken": "A user named {username} already exists (names are compared regardless of case).",
  "server.users.not_yourself": "You cannot remove your own administrator rights or disable yourself.",
  "server.password.too_short":
    "The password must have at least {minimum} characters (it has {length}); a few unrelated words make a good one.",
  "server.password.too_long": "The password may have at most {maximum} characters.",
  "server.password.is_username": "The password may not be the username.",
  "server.password.common":
    "This password is among the most common ones (or one of them followed by digits), which are tried first by anyone guessing: choose another.",
  "server.upload.too_large": "The file is larger than the upload limit of {megabytes} MB.",
  "server.upload.name_control_characters":
    "The file name contains control characters (such as line breaks); rename the file.",
  "server.upload.side_invalid": "The hand must be one of {accepted}, not {side}.",
  "server.upload.code_control_characters":
    "The patient code contains control characters (such as line breaks or tabs); use letters, digits and punctuation.",
  "server.upload.code_too_long": "The patient code is longer than {maximum} characters.",
  "server.upload.patient_needs_code": "A birth year or sex needs a patient code to belong to.",
  "server.upload.birth_year_range": "The birth year must be between {minimum} and {maximum}.",
  "server.upload.sex_invalid": "The sex must be female, male or other.",
  "server.upload.file_empty":
    "The file was not accepted: {name} is empty (0 bytes). Accepted: DICOM, PNG (8 or 16 bit) and JPEG.",
  "server.upload.file_not_image":
    "The file was not accepted: {name} is not a DICOM, PNG or JPEG file. Accepted: DICOM, PNG (8 or 16 bit) and JPEG.",
  "server.upload.file_format":
    "The file was not accepted: {name} is a {format} image. Accepted: DICOM, PNG (8 or 16 bit) and JPEG.",
  "server.upload.file_too_small":
    "The file was not accepted: {name} has {width} × {height} pixels, too small for a radiograph (at least {minimum} pixels a side).",
  "server.upload.file_too_large":
    "The file was not accepted: the image in {name} is too large (at most {maximum} pixels).",
  "server.upload.file_damaged":
    "The file was not accepted: {name} is damaged or truncated. Accepted: DICOM, PNG (8 or 16 bit) and JPEG.",
  "server.upload.file_not_accepted": "The file was not accepted: {problem}. Accepted formats: {accepted}.",
  "server.upload.queue_unreachable":
    "The image was stored but the job queue is not reachable; please try again later.",
  "server.folder_import.off":
    "Folder import is off on this server: set RASHARP_IMPORT_ROOT to the server folder under which films may be imported, and restart the service.",
  "server.folder_import.folder_empty": "Name the folder to import: a path below the import folder {root}, e.g. trial/site1.",
  "server.folder_import.outside_root":
    "{folder} is not below the import folder {root}. Give a folder below it (a path relative to it, or an absolute path inside it), without '..' steps and not through a link that leads elsewhere.",
  "server.folder_import.not_found": "There is no folder {folder} below the import folder {root}.",
  "server.folder_import.not_folder": "{folder} is a file, not a folder; name the folder to import.",
  "server.folder_import.queue_unreachable": "The import was recorded but the job queue is not reachable ({error}); try again later.",
  "server.folder_import.import_not_found": "There is no folder import {import_id} in your team.",
  "server.folder_import.unreadable": "{name} could not be read ({problem}).",
  "server.folder_import.file_failed": "{name} could not be stored ({error}); nothing of it was kept. The error has been logged.",
  "server.folder_import.skipped_already_imported": "{name} was imported before (study {study_id}); skipped.",
  "server.folder_import.skipped_outside_root": "{name} is a link to a file outside the import folder; skipped.",
  "server.study.not_found": "There is no study {study_id} in your team.",
  "server.study.no_results": "Study {study_id} has no results yet (analysis: {state}).",
  "server.dataset.nothing_reviewed":
    "No study of your team is marked reviewed yet: a dataset snapshot holds reviewed studies only (mark a study reviewed on its page when its grades are final).",
  "server.dataset.not_found": "There is no dataset snapshot {snapshot_id} in your team.",
  "server.study.rescore_pending": "A joint of study {study_id} is being re-scored; re-analyse the study once it is done.",
  "server.model.not_found": "There is no model version {version}.",
  "server.model.not_candidate":
    "Model version {version} is {state}: only a candidate can be promoted (to return to a version promoted before, roll back to it).",
  "server.model.never_promoted":
    "Model version {version} is {state}: a roll-back returns only to a retired version that was promoted before.",
  "server.model.file_name_invalid": "{name} is not a model file name: use letters, digits, '.', '_' and '-' only.",
  "server.model.file_missing": "A model version needs {required}; the files given were: {names}.",
  "server.model.file_not_onnx": "{name} is not an ONNX model ({error}).",
  "server.model.metrics_invalid": "The metrics must be a JSON object of names and values (e.g. balanced_accuracy: 0.8).",
  "server.model.snapshot_not_found": "There is no dataset snapshot {snapshot_id}.",
  "server.training.not_found": "There is no training run {run_id}.",
  "server.training.already_active":
    "Training run {run_id} is {state}: one run at a time. Wait for it to finish, or cancel it, then start another.",
  "server.training.not_active": "Training run {run_id} is {state}: only a queued or running run can be cancelled.",
  "server.training.no_promoted_version": "No model version is promoted: promote one to fine-tune it.",
  "server.training.queue_unreachable":
    "The training run could not be queued: the job queue is not reachable. Try again later.",
  "server.study.reviewed_final":
    "Study {study_id} is marked reviewed: its grades, joint positions and calibration are final. Reopen it to change them.",
  "server.joint.side_invalid": "The hand must be one of {accepted}, not {side}.",
  "server.joint.unknown": "Unknown joint {joint}; known joints: {accepted}.",
  "server.joint.hand_not_found": "No {side} hand was found on this radiograph, so it has no {joint}.",
  "server.joint.outside_image": "The position ({x}, {y}) is outside the image (0–{max_x} × 0–{max_y} pixels).",
  "server.joint.rescore_unreachable":
    "The new position was saved but the joint could not be re-scored: the job queue is not reachable.",
  "server.grade.nothing_to_change": "Nothing to change: give an erosion or narrowing grade.",
  "server.grade.cannot_empty": "A grade cannot be emptied; reset it to return to the model's value.",
  "server.grade.not_scored": "{joint} has no {kind} grade in this scheme.",
  "server.grade.out_of_range": "The {kind} grade of {joint} must be a whole number {minimum}–{maximum}.",
  "server.reset.side_needed": "To reset one joint, give its hand as well as the joint.",
  "server.reset.hand_not_found": "No {side} hand was found on this radiograph.",
  "server.heatmap.unknown": "No {kind} heatmap; available: {accepted}.",
  "server.analysis.no_hand":
    "No hand was found on this radiograph. Upload a posteroanterior (PA) radiograph of one or both hands, fingers pointing up.",
  "server.analysis.models_unavailable": "The analysis models are not available on the worker: {error}",
  "server.analysis.failed": "The analysis failed ({error}).",
  "server.analysis.not_stored": "The results could not be stored ({error}).",
  "server.analysis.queue_unreachable": "The job queue could not be reached; upload the file again later.",
  "server.grade.kind_invalid": "The grade kind must be one of {accepted}, not {kind}.",
  "server.grade.nothing_to_confirm": "{joint} has no {kind} grade to confirm.",
  "server.grade.confirm_while_rescoring": "{joint} is being re-scored; confirm its grade when the new one is shown.",
  "server.archive.not_zip": "The file is not a ZIP archive ({problem}). Send a .zip of DICOM files, or the files themselves.",
  "server.archive.empty": "The archive holds no files.",
  "server.archive.too_many_members":
    "The archive has {count} files; at most {maximum} are accepted in one archive. Split it into smaller archives.",
  "server.archive.too_large_unpacked":
    "The archive's files come to {megabytes} MB unpacked; at most {maximum} MB are accepted in one archive. Split it into smaller archives.",
  "server.archive.compression_ratio":
    "{name} would unpack to {ratio} times its packed size (at most {maximum} times is accepted): the archive looks like a zip bomb and was refused.",
  "server.archive.unsafe_name":
    "The archive has a file named {name}, a path that leads outside the archive (absolute, a drive, or ..); such archives are refused. Archive the files with relative names.",
  "server.archive.member_encrypted": "{name} is encrypted (password-protected); archive the files without a password.",
  "server.archive.member_nested":
    "{name} is an archive inside the archive; unpack it and send its files or a single archive of them.",
  "server.archive.member_too_large": "{name} is larger than the upload limit of {megabytes} MB.",
  "server.archive.member_method":
    "{name} is packed with a method this service cannot unpack (method {method}); use ordinary ZIP compression (deflate).",
  "server.archive.member_damaged": "{name} could not be unpacked: the archive is damaged ({problem}).",
  "server.archive.member_failed": "{name} could not be stored ({error}); nothing of it was kept. The error has been logged.",
  "server.archive.skipped_system_file": "{name} is a hidden or system file; skipped.",
  "server.archive.skipped_dicomdir": "{name} is a DICOMDIR (an index of the files, not an image); skipped.",
  "server.archive.skipped_no_image": "{name} is not an image ({kind}); skipped.",
  "server.archive.skipped_not_radiograph":
    "{name} is a {modality} image, not a radiograph (accepted modalities: {accepted}); skipped.",
  "server.archive.skipped_not_image": "{name} is not a DICOM, PNG or JPEG file; skipped.",
  "server.upload.visit_date_range": "The visit date must be between {minimum} and today ({maximum}), not {date}.",
  "server.study.hand_not_found": "No {side} hand was found on this radiograph.",
  "server.patient.not_found": "There is no patient {patient_id} in your team.",
  "server.patient.visit_not_found": "Patient {patient_id} has no analysed visit on {date}; their visits: {accepted}.",
  "server.patient.same_visit": "Choose two different visits: both dates are {date}.",
  "server.patient.visits_reversed": "from ({before}) must be the earlier visit and to ({after}) the later one.",
  "server.study.delete_admin_only": "Only an administrator may delete a study.",
  "server.spacing.one_way": "Give either millimetres per pixel, or a known distance with the line's two ends on the film.",
  "server.spacing.line_incomplete": "A known distance needs the distance in mm and both ends of the line.",
  "server.spacing.point_outside": "The point ({x}, {y}) is outside the image ({width} x {height} pixels).",
  "server.spacing.line_too_short": "The line is only {pixels} pixels long; draw one of at least {minimum} pixels (the longer, the more exact).",
  "server.spacing.distance_invalid": "The distance must be a positive number of millimetres, not {distance}.",
  "server.spacing.implausible": "{mm_per_pixel} mm per pixel is not plausible for a hand radiograph; accepted: more than 0 and at most {maximum} mm per pixel.",
  "server.pacs.admin_only": "Only an administrator may set up PACS connections.",
  "server.pacs.endpoint_not_found": "There is no PACS connection {endpoint_id}.",
  "server.pacs.name_empty": "Give the PACS connection a name.",
  "server.pacs.name_taken": "A PACS connection named {name} already exists.",
  "server.pacs.url_invalid":
    "{url} is not a DICOMweb address: give its http:// or https:// base URL, e.g. https://pacs.example.org/dicom-web.",
  "server.pacs.auth_invalid": "The authentication must be one of {accepted}, not {auth}.",
  "server.pacs.username_missing": "Basic authentication needs a username.",
  "server.pacs.secret_missing": "Authentication {auth} needs a secret: the password (basic) or the token (bearer).",
  "server.pacs.secret_unreadable":
    "The stored secret of PACS {name} cannot be read (the service's secret key has changed): an administrator must enter it again.",
  "server.pacs.credentials_refused":
    "PACS {name} refused the credentials (HTTP {status}): an administrator should check the username, password or token.",
  "server.pacs.answered_error": "PACS {name} answered with an error (HTTP {status}).",
  "server.pacs.bad_answer": "PACS {name} gave an answer that could not be read ({error}).",
  "server.pacs.unreachable": "PACS {name} could not be reached ({error}): check its address, or try again later.",
  "server.pacs.modality_invalid": "The modality must be one of {accepted}, not {modality}.",
  "server.pacs.dates_reversed": "The start of the date range is after its end.",
  "server.pacs.no_studies": "Choose at least one study to retrieve.",
  "server.pacs.too_many_studies": "Retrieve at most {maximum} studies at a time.",
  "server.pacs.uid_invalid": "{uid} is not a DICOM UID (digits and dots, at most 64 characters).",
  "server.pacs.queue_unreachable": "The retrieval could not be started: the job queue is not reachable ({error}).",
  "server.pacs.import_not_found": "There is no PACS retrieval {import_id} in your team.",
  "server.pacs.send_admin_only": "Only an administrator may send results to a PACS.",
  "server.pacs.documents_invalid": "Choose what to send, among {accepted}.",
  "server.pacs.send_needs_dicom":
    "Study {study_id} was not a DICOM file, so there is no film in a PACS to attach results to.",
  "server.export.report_timeout":
    "The report was not ready within {seconds} s: the workers are busy or not running. Please try again.",
  "server.export.report_failed":
    "The report of study {study_id} could not be made; the error has been logged. Please try again later or tell the administrator.",

  "server.session.not_found": "There is no reading session {session_id} of yours in your team.",
  "server.session.admin_only": "Only an administrator may create a reading session or settle its disagreements.",
  "server.session.no_studies": "Choose at least one study for the session.",
  "server.session.no_readers": "Choose at least one reader for the session (two or more to compare).",
  "server.session.study_not_ready":
    "Study {study_id} is not an analysed study of your team; a session takes only studies whose analysis has finished.",
  "server.session.reader_unknown": "User {user_id} is not an active user of your team.",
  "server.session.not_a_reader": "You are not a reader of session {session_id}, so you have no queue.",
  "server.session.item_not_found": "There is no item {item_id} in your queue of session {session_id}.",
  "server.session.complete": "Session {session_id} is complete: every reader has finished, and reads no longer change.",
  "server.session.read_done": "You marked this item done; reopen it to change its grades.",
  "server.session.grades_missing": "Grade every joint on the film before marking it done; still without a grade: {joints}.",
  "server.session.joint_not_on_film": "{side} {joint} is not on this film, so it takes no grade.",
  "server.session.report_not_yet": "The report of session {session_id} opens to its readers once every reader has finished.",
  "server.session.not_a_disagreement":
    "{side} {joint} {kind} of item {item_id} is not a disagreement of more than one grade between finished reads; only those are adjudicated.",

  // Words the service puts into its messages (params), said in the reader's language.
  "server.value.left": "left",
  "server.value.right": "right",
  "server.value.erosion": "erosion",
  "server.value.jsn": "narrowing",
  "server.value.queued": "queued",
  "server.value.running": "running",
  "server.value.failed": "failed",
  "server.value.done": "done",
};

export const serverRu: Record<keyof typeof serverEn, string> = {
  "server.untranslated": "{detail}",
  "server.request.invalid": "Запрос неверен: {problems}.",
  "server.request.no_route": "Нет такого адреса API: {path}.",
  "server.request.refused": "Запрос отклонён ({status}).",
  "server.request.body_too_large": "Запрос больше {megabytes} МБ.",
  "server.request.cross_site":
    "Отклонено: изменение отправлено страницей {origin}, а не страницей этой службы ({own}). Откройте приложение по адресу {own} и повторите.",
  "server.request.cross_site_unknown":
    "Отклонено: изменение отправлено страницей другого сайта. Откройте приложение по его собственному адресу и повторите.",
  "server.service.database_unreachable":
    "База данных сейчас недоступна (возможно, она перезапускается). Повторите через минуту.",
  "server.auth.not_signed_in": "Вы не вошли в систему или сеанс истёк: войдите снова.",
  "server.auth.wrong_credentials": "Неверное имя пользователя или пароль.",
  "server.auth.too_many_attempts":
    "Слишком много неудачных попыток входа для этой учётной записи или с этого адреса: вход приостановлен примерно на {minutes} мин. Повторите позже или попросите администратора задать новый пароль.",
  "server.auth.throttle_unreachable":
    "Вход сейчас недоступен: служба не может связаться с сервером, который считает неудачные попытки входа. Повторите чуть позже.",
  "server.auth.disclaimer_required":
    "Сначала прочитайте и примите уведомление об исследовательском использовании: загрузка, правки и выгрузка недоступны, пока текущая версия не принята.",
  "server.auth.admin_only": "Управлять пользователями может только администратор.",
  "server.disclaimer.outdated":
    "Версия уведомления {version} заменена версией {current}: прочитайте новую версию и примите её.",
  "server.users.not_found": "Пользователя {user_id} нет.",
  "server.users.name_taken": "Пользователь {username} уже существует (регистр букв в именах не учитывается).",
  "server.users.not_yourself": "Нельзя снять с себя права администратора или отключить свою учётную запись.",
  "server.password.too_short":
    "Пароль должен содержать не меньше {minimum} символов (сейчас {length}); хороший пароль — несколько не связанных между собой слов.",
  "server.password.too_long": "Пароль может содержать не больше {maximum} символов.",
  "server.password.is_username": "Пароль не может совпадать с именем пользователя.",
  "server.password.common":
    "Это один из самых распространённых паролей (или такой пароль с цифрами в конце), их пробуют первыми: выберите другой.",
  "server.upload.too_large": "Файл больше допустимого размера загрузки ({megabytes} МБ).",
  "server.upload.name_control_characters":
    "Имя файла содержит управляющие символы (например, переводы строки); переименуйте файл.",
  "server.upload.side_invalid": "Кисть должна быть одной из: {accepted}, а не {side}.",
  "server.upload.code_control_characters":
    "Код пациента содержит управляющие символы (например, переводы строки или табуляцию); используйте буквы, цифры и знаки препинания.",
  "server.upload.code_too_long": "Код пациента длиннее {maximum} символов.",
  "server.upload.patient_needs_code": "Год рождения и пол указываются только вместе с кодом пациента.",
  "server.upload.birth_year_range": "Год рождения должен быть от {minimum} до {maximum}.",
  "server.upload.sex_invalid": "Пол должен быть женский, мужской или другой.",
  "server.upload.file_empty":
    "Файл не принят: {name} пуст (0 байт). Принимаются DICOM, PNG (8 или 16 бит) и JPEG.",
  "server.upload.file_not_image":
    "Файл не принят: {name} — не файл DICOM, PNG или JPEG. Принимаются DICOM, PNG (8 или 16 бит) и JPEG.",
  "server.upload.file_format":
    "Файл не принят: {name} — изображение {format}. Принимаются DICOM, PNG (8 или 16 бит) и JPEG.",
  "server.upload.file_too_small":
    "Файл не принят: {name} — {width} × {height} пикселей, слишком мало для рентгенограммы (нужно не меньше {minimum} пикселей по каждой стороне).",
  "server.upload.file_too_large":
    "Файл не принят: изображение в {name} слишком большое (не больше {maximum} пикселей).",
  "server.upload.file_damaged":
    "Файл не принят: {name} повреждён или обрезан. Принимаются DICOM, PNG (8 или 16 бит) и JPEG.",
  "server.upload.file_not_accepted":
    "Файл не принят: {problem}. Принимаются DICOM, PNG (8 или 16 бит) и JPEG.",
  "server.upload.queue_unreachable":
    "Снимок сохранён, но очередь заданий недоступна; повторите загрузку позже.",
  "server.folder_import.off":
    "Импорт папок на этом сервере выключен: укажите в RASHARP_IMPORT_ROOT папку сервера, из которой можно импортировать снимки, и перезапустите сервис.",
  "server.folder_import.folder_empty": "Укажите папку для импорта: путь внутри папки импорта {root}, например trial/site1.",
  "server.folder_import.outside_root":
    "{folder} находится не внутри папки импорта {root}. Укажите папку внутри неё (путь относительно неё или абсолютный путь внутри неё) без шагов '..' и не через ссылку, ведущую в другое место.",
  "server.folder_import.not_found": "Папки {folder} внутри папки импорта {root} нет.",
  "server.folder_import.not_folder": "{folder} — файл, а не папка; укажите папку для импорта.",
  "server.folder_import.queue_unreachable": "Импорт записан, но очередь задач недоступна ({error}); повторите попытку позже.",
  "server.folder_import.import_not_found": "Импорта папки {import_id} в вашей группе нет.",
  "server.folder_import.unreadable": "Не удалось прочитать {name} ({problem}).",
  "server.folder_import.file_failed": "Не удалось сохранить {name} ({error}); ничего из него не сохранено. Ошибка записана в журнал.",
  "server.folder_import.skipped_already_imported": "{name} уже импортирован ранее (исследование {study_id}); пропущен.",
  "server.folder_import.skipped_outside_root": "{name} — ссылка на файл вне папки импорта; пропущен.",
  "server.study.not_found": "В вашей команде нет исследования {study_id}.",
  "server.study.no_results": "У исследования {study_id} ещё нет результатов (анализ: {state}).",
  "server.dataset.nothing_reviewed":
    "В вашей группе ещё нет исследований, отмеченных как просмотренные: снимок набора данных содержит только их (отметьте исследование на его странице, когда оценки окончательны).",
  "server.dataset.not_found": "В вашей группе нет снимка набора данных {snapshot_id}.",
  "server.study.rescore_pending": "Сустав исследования {study_id} сейчас переоценивается; запустите повторный анализ, когда это закончится.",
  "server.model.not_found": "Версии модели {version} нет.",
  "server.model.not_candidate":
    "Версия модели {version} в состоянии {state}: продвинуть можно только кандидата (чтобы вернуться к версии, продвинутой раньше, откатитесь к ней).",
  "server.model.never_promoted":
    "Версия модели {version} в состоянии {state}: откатиться можно только к выведенной версии, которая раньше была продвинута.",
  "server.model.file_name_invalid": "{name} — недопустимое имя файла модели: используйте только буквы, цифры, «.», «_» и «-».",
  "server.model.file_missing": "Версии модели нужен {required}; переданы файлы: {names}.",
  "server.model.file_not_onnx": "{name} — не модель ONNX ({error}).",
  "server.model.metrics_invalid": "Метрики должны быть объектом JSON из имён и значений (например, balanced_accuracy: 0.8).",
  "server.model.snapshot_not_found": "Снимка набора данных {snapshot_id} нет.",
  "server.training.not_found": "Запуска обучения {run_id} нет.",
  "server.training.already_active":
    "Запуск обучения {run_id} в состоянии «{state}»: одновременно идёт только один запуск. Дождитесь его окончания или отмените его, затем начните новый.",
  "server.training.not_active":
    "Запуск обучения {run_id} в состоянии «{state}»: отменить можно только запуск в очереди или идущий.",
  "server.training.no_promoted_version": "Ни одна версия модели не продвинута: продвиньте версию, чтобы дообучить её.",
  "server.training.queue_unreachable":
    "Запуск обучения не поставлен в очередь: очередь заданий недоступна. Повторите попытку позже.",
  "server.study.reviewed_final":
    "Исследование {study_id} отмечено как просмотренное: его оценки, положения суставов и калибровка окончательны. Откройте его снова, чтобы изменить их.",
  "server.joint.side_invalid": "Кисть должна быть одной из: {accepted}, а не {side}.",
  "server.joint.unknown": "Неизвестный сустав {joint}; известные суставы: {accepted}.",
  "server.joint.hand_not_found": "Кисть ({side}) на этой рентгенограмме не найдена, поэтому сустава {joint} нет.",
  "server.joint.outside_image":
    "Положение ({x}, {y}) вне изображения (0–{max_x} × 0–{max_y} пикселей).",
  "server.joint.rescore_unreachable":
    "Новое положение сохранено, но сустав не удалось пересчитать: очередь заданий недоступна.",
  "server.grade.nothing_to_change": "Нечего менять: укажите оценку эрозий или сужения.",
  "server.grade.cannot_empty": "Оценку нельзя стереть; чтобы вернуть значение модели, сбросьте её.",
  "server.grade.not_scored": "У сустава {joint} нет оценки «{kind}» в этой схеме.",
  "server.grade.out_of_range": "Оценка «{kind}» сустава {joint} должна быть целым числом {minimum}–{maximum}.",
  "server.reset.side_needed": "Чтобы сбросить один сустав, укажите и кисть, и сустав.",
  "server.reset.hand_not_found": "Кисть ({side}) на этой рентгенограмме не найдена.",
  "server.heatmap.unknown": "Нет тепловой карты «{kind}»; есть: {accepted}.",
  "server.analysis.no_hand":
    "На этом снимке не найдена кисть. Загрузите прямой (задне-передний) снимок одной или обеих кистей, пальцами вверх.",
  "server.analysis.models_unavailable": "Модели анализа недоступны на обработчике: {error}",
  "server.analysis.failed": "Анализ не удался ({error}).",
  "server.analysis.not_stored": "Результаты не удалось сохранить ({error}).",
  "server.analysis.queue_unreachable": "Очередь заданий недоступна; загрузите файл ещё раз позже.",
  "server.grade.kind_invalid": "Вид оценки должен быть одним из: {accepted}, а не {kind}.",
  "server.grade.nothing_to_confirm": "У сустава {joint} нет оценки «{kind}», которую можно подтвердить.",
  "server.grade.confirm_while_rescoring": "Сустав {joint} переоценивается; подтвердите оценку, когда появится новая.",
  "server.archive.not_zip": "Файл не является ZIP-архивом ({problem}). Отправьте .zip с файлами DICOM или сами файлы.",
  "server.archive.empty": "В архиве нет файлов.",
  "server.archive.too_many_members":
    "В архиве {count} файлов; в одном архиве принимается не более {maximum}. Разделите его на архивы поменьше.",
  "server.archive.too_large_unpacked":
    "Файлы архива в распакованном виде занимают {megabytes} МБ; в одном архиве принимается не более {maximum} МБ. Разделите его на архивы поменьше.",
  "server.archive.compression_ratio":
    "{name} распаковался бы в {ratio} раз больше своего сжатого размера (допускается не более чем в {maximum} раз): архив похож на zip-бомбу и отклонён.",
  "server.archive.unsafe_name":
    "В архиве есть файл с именем {name} — путь, ведущий за пределы архива (абсолютный, с диском или с ..); такие архивы отклоняются. Упакуйте файлы с относительными именами.",
  "server.archive.member_encrypted": "{name} зашифрован (защищён паролем); упакуйте файлы без пароля.",
  "server.archive.member_nested":
    "{name} — архив внутри архива; распакуйте его и отправьте его файлы или один общий архив.",
  "server.archive.member_too_large": "{name} больше допустимого размера загрузки ({megabytes} МБ).",
  "server.archive.member_method":
    "{name} сжат методом, который сервис не умеет распаковывать (метод {method}); используйте обычное сжатие ZIP (deflate).",
  "server.archive.member_damaged": "{name} не удалось распаковать: архив повреждён ({problem}).",
  "server.archive.member_failed": "{name} не удалось сохранить ({error}); от него ничего не осталось. Ошибка записана в журнал.",
  "server.archive.skipped_system_file": "{name} — скрытый или системный файл; пропущен.",
  "server.archive.skipped_dicomdir": "{name} — DICOMDIR (оглавление файлов, а не снимок); пропущен.",
  "server.archive.skipped_no_image": "{name} не является изображением ({kind}); пропущен.",
  "server.archive.skipped_not_radiograph":
    "{name} — изображение {modality}, а не рентгенограмма (принимаются модальности: {accepted}); пропущен.",
  "server.archive.skipped_not_image": "{name} не является файлом DICOM, PNG или JPEG; пропущен.",
  "server.upload.visit_date_range": "Дата визита должна быть между {minimum} и сегодняшним днём ({maximum}), а не {date}.",
  "server.study.hand_not_found": "На этом снимке не найдена кисть ({side}).",
  "server.patient.not_found": "В вашей команде нет пациента {patient_id}.",
  "server.patient.visit_not_found": "У пациента {patient_id} нет проанализированного визита {date}; его визиты: {accepted}.",
  "server.patient.same_visit": "Выберите два разных визита: обе даты — {date}.",
  "server.patient.visits_reversed": "Визит «с» ({before}) должен быть раньше визита «по» ({after}).",
  "server.study.delete_admin_only": "Удалить исследование может только администратор.",
  "server.spacing.one_way": "Укажите либо миллиметры на пиксель, либо известное расстояние и оба конца линии на снимке.",
  "server.spacing.line_incomplete": "Для известного расстояния нужны длина в мм и оба конца линии.",
  "server.spacing.point_outside": "Точка ({x}, {y}) лежит за пределами снимка ({width} x {height} пикселей).",
  "server.spacing.line_too_short": "Линия длиной всего {pixels} пикселей; проведите линию не короче {minimum} пикселей (чем длиннее, тем точнее).",
  "server.spacing.distance_invalid": "Расстояние должно быть положительным числом миллиметров, а не {distance}.",
  "server.spacing.implausible": "{mm_per_pixel} мм на пиксель — неправдоподобно для снимка кисти; допустимо больше 0 и не более {maximum} мм на пиксель.",
  "server.pacs.admin_only": "Только администратор может настраивать подключения к PACS.",
  "server.pacs.endpoint_not_found": "Подключения к PACS {endpoint_id} нет.",
  "server.pacs.name_empty": "Дайте подключению к PACS название.",
  "server.pacs.name_taken": "Подключение к PACS с названием {name} уже есть.",
  "server.pacs.url_invalid":
    "{url} — не адрес DICOMweb: укажите базовый URL http:// или https://, например https://pacs.example.org/dicom-web.",
  "server.pacs.auth_invalid": "Аутентификация должна быть одной из {accepted}, а не {auth}.",
  "server.pacs.username_missing": "Для базовой аутентификации нужно имя пользователя.",
  "server.pacs.secret_missing": "Для аутентификации {auth} нужен секрет: пароль (basic) или токен (bearer).",
  "server.pacs.secret_unreadable":
    "Сохранённый секрет PACS {name} не читается (секретный ключ сервиса изменился): администратор должен ввести его заново.",
  "server.pacs.credentials_refused":
    "PACS {name} отклонил учётные данные (HTTP {status}): администратору следует проверить имя, пароль или токен.",
  "server.pacs.answered_error": "PACS {name} ответил ошибкой (HTTP {status}).",
  "server.pacs.bad_answer": "Ответ PACS {name} не удалось прочитать ({error}).",
  "server.pacs.unreachable": "PACS {name} недоступен ({error}): проверьте адрес или повторите позже.",
  "server.pacs.modality_invalid": "Модальность должна быть одной из {accepted}, а не {modality}.",
  "server.pacs.dates_reversed": "Начало периода позже его конца.",
  "server.pacs.no_studies": "Выберите хотя бы одно исследование для загрузки.",
  "server.pacs.too_many_studies": "За один раз можно загрузить не более {maximum} исследований.",
  "server.pacs.uid_invalid": "{uid} — не DICOM UID (цифры и точки, не более 64 символов).",
  "server.pacs.queue_unreachable": "Загрузку не удалось начать: очередь заданий недоступна ({error}).",
  "server.pacs.import_not_found": "Загрузки из PACS {import_id} в вашей команде нет.",
  "server.pacs.send_admin_only": "Только администратор может отправлять результаты в PACS.",
  "server.pacs.documents_invalid": "Выберите, что отправить, из {accepted}.",
  "server.pacs.send_needs_dicom":
    "Исследование {study_id} было загружено не как файл DICOM, поэтому в PACS нет снимка, к которому можно приложить результаты.",
  "server.export.report_timeout":
    "Отчёт не был готов за {seconds} с: обработчики заняты или не запущены. Повторите попытку.",
  "server.export.report_failed":
    "Отчёт по исследованию {study_id} не удалось создать; ошибка записана в журнал. Повторите позже или сообщите администратору.",

  "server.session.not_found": "В вашей команде нет вашего сеанса чтения {session_id}.",
  "server.session.admin_only": "Создать сеанс чтения или разрешить расхождения может только администратор.",
  "server.session.no_studies": "Выберите для сеанса хотя бы одно исследование.",
  "server.session.no_readers": "Выберите для сеанса хотя бы одного читающего (для сравнения — двух и более).",
  "server.session.study_not_ready":
    "Исследование {study_id} — не проанализированное исследование вашей команды; в сеанс входят только исследования с завершённым анализом.",
  "server.session.reader_unknown": "Пользователь {user_id} не является активным пользователем вашей команды.",
  "server.session.not_a_reader": "Вы не читающий в сеансе {session_id}, поэтому у вас нет очереди.",
  "server.session.item_not_found": "В вашей очереди сеанса {session_id} нет элемента {item_id}.",
  "server.session.complete": "Сеанс {session_id} завершён: все читающие закончили, прочтения больше не меняются.",
  "server.session.read_done": "Вы отметили этот снимок как прочитанный; откройте его снова, чтобы изменить баллы.",
  "server.session.grades_missing": "Оцените все суставы на снимке, прежде чем отметить его прочитанным; ещё без балла: {joints}.",
  "server.session.joint_not_on_film": "{side} {joint} нет на этом снимке, поэтому балл не ставится.",
  "server.session.report_not_yet": "Отчёт сеанса {session_id} откроется читающим, когда все закончат.",
  "server.session.not_a_disagreement":
    "{side} {joint} {kind} элемента {item_id} — не расхождение больше чем на балл между завершёнными прочтениями; разрешаются только такие.",

  "server.value.left": "левая",
  "server.value.right": "правая",
  "server.value.erosion": "эрозии",
  "server.value.jsn": "сужение",
  "server.value.queued": "в очереди",
  "server.value.running": "идёт",
  "server.value.failed": "не удался",
  "server.value.done": "готово",
};
