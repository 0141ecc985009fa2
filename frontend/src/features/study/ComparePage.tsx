import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useI18n, type MessageKey } from "@/features/i18n";
import { api, type JointCode, type Side, type Study } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { formatDate, formatDateTime } from "@/lib/dates";
import { SIDES } from "@/lib/scheme";
import { CompareTable } from "./CompareTable";
import {
  CENTRED,
  anchorOf,
  centredOn,
  compareHref,
  comparedSide,
  knuckleSpan,
  linkedFrom,
  stepForKey,
  stepFrom,
  stepJoints,
  viewOf,
  visitDay,
  type JointStep,
  type LinkedView,
} from "./comparison";
import { jointKey, jointLabel } from "./scheme";
import { studyKey } from "./useStudy";
import { Viewer, type ViewLink } from "./Viewer";
import { FULL_WINDOW, type WindowLevel } from "./viewport";

type Visit = "before" | "after";
const VISITS: Visit[] = ["before", "after"];

/** Keys typed into a field, a list or a slider stay there. */
function typedIntoControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && Boolean(target.closest("input, select, textarea, [contenteditable], [role=listbox]"));
}

/** ↑/↓ (Home/End) step through the joints from anywhere on the page but a control; `?` shows the keys. */
function useJointKeys(onStep: (step: JointStep) => void, onHelp: () => void) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || typedIntoControl(event.target)) return;
      const step = stepForKey(event);
      if (step) onStep(step);
      else if (event.key === "?") onHelp();
      else return;
      event.preventDefault();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [onStep, onHelp]);
}

/** Two analysed visits of one hand side by side: linked viewers, joint by joint, read-only. */
export function ComparePage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const ids: Record<Visit, string> = { before: params.get("before") ?? "", after: params.get("after") ?? "" };
  const askedSide = params.get("side");
  const before = useQuery({ queryKey: studyKey(ids.before), queryFn: () => api.study(ids.before), enabled: Boolean(ids.before) });
  const after = useQuery({ queryKey: studyKey(ids.after), queryFn: () => api.study(ids.after), enabled: Boolean(ids.after) });
  const queries = { before, after };

  const visitName = (visit: Visit) => t(`compare.${visit}`);
  const refusal = (): string | null => {
    if (!ids.before || !ids.after) return t("compare.missing");
    if (ids.before === ids.after) return t("compare.sameStudy");
    if (askedSide !== null && !SIDES.includes(askedSide as Side)) return t("compare.badSide", { side: askedSide });
    for (const visit of VISITS) {
      const query = queries[visit];
      if (query.isError) return t("compare.loadFailed", { which: visitName(visit), reason: describeError(query.error, t) });
    }
    for (const visit of VISITS) {
      const status = queries[visit].data?.status;
      if (status && status !== "done") return t("compare.notAnalysed", { which: visitName(visit), status: t(`status.${status}`) });
    }
    return null;
  };
  const problem = refusal();
  if (problem) return <CompareMessage text={problem} />;
  if (!before.data || !after.data) return <p className="page-status">…</p>;

  const hands = (study: Study) => study.sides.map((side) => t(`table.${side}`)).join(", ") || t("compare.none");
  const side = comparedSide(askedSide as Side | null, before.data.sides, after.data.sides);
  if (!side) {
    const values = { side: askedSide ? t(`side.${askedSide as Side}`) : "", before: hands(before.data), after: hands(after.data) };
    return <CompareMessage text={t(askedSide ? "compare.sideMissing" : "compare.noSharedHand", values)} />;
  }
  return <Comparison key={`${ids.before}-${ids.after}-${side}`} before={before.data} after={after.data} side={side} />;
}

function CompareMessage({ text }: { text: string }) {
  const { t } = useI18n();
  return (
    <main className="page">
      <h1>{t("compare.title")}</h1>
      <p className="error" role="alert" data-testid="compare-problem">{text}</p>
      <Link to="/">{t("study.back")}</Link>
    </main>
  );
}

function Comparison({ before, after, side }: { before: Study; after: Study; side: Side }) {
  const { t, language } = useI18n();
  const studies: Record<Visit, Study> = { before, after };
  const jointsOf = (visit: Visit) => (studies[visit].joints ?? []).filter((j) => j.side === side);
  const steps = stepJoints(side, jointsOf("before"), jointsOf("after"));
  const [current, setCurrent] = useState<JointCode | null>(steps[0] ?? null);
  const [linked, setLinked] = useState<LinkedView>(CENTRED);
  const [windowLevel, setWindowLevel] = useState<WindowLevel>(FULL_WINDOW);
  const [hovered, setHovered] = useState<string | null>(null);
  const [showKeys, setShowKeys] = useState(false);

  const goTo = (joint: JointCode | null) => {
    setCurrent(joint);
    setLinked(centredOn);
  };
  const step = (move: JointStep) => goTo(stepFrom(steps, current, move));
  const toggleKeys = () => setShowKeys((shown) => !shown);
  useJointKeys(step, toggleKeys);

  const linkFor = (visit: Visit): ViewLink => {
    const study = studies[visit];
    const film = { width: study.width, height: study.height };
    const joints = jointsOf(visit);
    const anchor = anchorOf(joints, current, film);
    const span = knuckleSpan(joints, film);
    return {
      viewFor: (canvas) => viewOf(linked, anchor, span, canvas),
      onView: (view, canvas) => setLinked(linkedFrom(view, anchor, span, canvas)),
      windowLevel,
      onWindowLevel: setWindowLevel,
    };
  };

  const days = Math.abs(Math.round((Date.parse(visitDay(after)) - Date.parse(visitDay(before))) / 86_400_000));
  const currentKey = current && jointKey(side, current);
  const sharedSides = SIDES.filter((s) => before.sides.includes(s) && after.sides.includes(s));

  return (
    <main className="compare-page">
      <header className="study-header">
        <Link to="/" className="back">{t("study.back")}</Link>
        <h1>
          {t("compare.title")} · {after.patient_code ? t("compare.patient", { code: after.patient_code }) : t("study.noPatient")} ·{" "}
          {t(`compare.hand.${side}`)}
        </h1>
        {sharedSides.length > 1 && (
          <nav className="hand-switch" aria-label={t("compare.hand")}>
            {sharedSides.map((s) => (
              <Link key={s} to={compareHref(before.id, after.id, s)} aria-current={s === side ? "page" : undefined}>
                {t(`compare.hand.${s}`)}
              </Link>
            ))}
          </nav>
        )}
        <span className="muted small">{t("compare.interval", { days })}</span>
        <span className="muted small">{t("compare.readOnly")}</span>
      </header>
      {before.patient_code !== after.patient_code && (
        <p className="warning banner-error" role="status">
          {t("compare.otherPatients", { before: before.patient_code ?? "—", after: after.patient_code ?? "—" })}
        </p>
      )}
      <div className="compare-body">
        <div className="compare-viewers">
          {VISITS.map((visit) => {
            const study = studies[visit];
            const which = t(`compare.${visit}`);
            const caption = study.visit_date
              ? t("compare.visit", { which, date: formatDate(study.visit_date, language) })
              : t("compare.uploadedOnly", { which, date: formatDateTime(study.created_at, language) });
            return (
              <section key={visit} className="compare-film" data-testid={`viewer-${visit}`} aria-label={caption}>
                <h2 className="compare-caption">
                  <span data-testid={`visit-${visit}`}>{caption}</span>{" "}
                  <Link to={`/studies/${study.id}`} className="small">{t("compare.openStudy")}</Link>
                </h2>
                <Viewer
                  imageUrl={api.imageUrl(String(study.id))}
                  heatmapUrl={(kind) => api.heatmapUrl(String(study.id), kind)}
                  heatmaps={study.heatmaps ?? []}
                  width={study.width}
                  height={study.height}
                  joints={jointsOf(visit)}
                  hovered={hovered ?? currentKey}
                  onHover={setHovered}
                  onMove={() => undefined}
                  canEdit={false}
                  link={linkFor(visit)}
                />
              </section>
            );
          })}
        </div>
        <aside className="compare-side">
          <div className="joint-stepper" role="group" aria-label={t("compare.joint")}>
            <button onClick={() => step("previous")} disabled={!current || current === steps[0]} aria-keyshortcuts="ArrowUp">
              ↑ {t("compare.previous")}
            </button>
            <strong data-testid="current-joint" aria-live="polite">
              {current ? t("compare.current", { joint: jointLabel(current, language) }) : ""}
            </strong>
            <button onClick={() => step("next")} disabled={!current || current === steps[steps.length - 1]} aria-keyshortcuts="ArrowDown">
              ↓ {t("compare.next")}
            </button>
          </div>
          <p className="muted small">
            {t("compare.keys")}{" "}
            <button className="link" onClick={toggleKeys} aria-expanded={showKeys}>?</button>
          </p>
          {showKeys && <CompareKeys />}
          <CompareTable side={side} before={jointsOf("before")} after={jointsOf("after")} current={current}
            onSelect={goTo} onHover={setHovered} />
        </aside>
      </div>
    </main>
  );
}

function CompareKeys() {
  const { t } = useI18n();
  const keys: [string, MessageKey][] = [
    ["↑ ↓", "compare.keyStep"],
    ["Home / End", "compare.keyEnds"],
    ["?", "compare.keyHelp"],
  ];
  return (
    <section className="shortcuts" aria-label={t("compare.keysTitle")} data-testid="shortcuts">
      <h3>{t("compare.keysTitle")}</h3>
      <dl>
        {keys.map(([key, message]) => (
          <div key={message}>
            <dt><kbd>{key}</kbd></dt>
            <dd>{t(message)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
