import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ComponentType } from "react";
import { Link, useParams } from "react-router";
import { useI18n } from "@/features/i18n";
import { api, type GradeKind, type JointCode, type SessionItem, type SessionQueueEntry, type Side, type StudyJoint } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { formatDate } from "@/lib/dates";
import { cellKey } from "@/lib/scheme";
import { asTableJoints } from "./readingJoints";
import { useQueue, useRefreshSession, useSession } from "./useSessions";

export type CellSave = { state: "saving" } | { state: "refused"; error: unknown };

/** What the page gives the film viewer (the study page's Viewer, composed in by the app). */
export interface FilmProps {
  imageUrl: string;
  heatmapUrl: (kind: GradeKind) => string;
  heatmaps: string[];
  width: number;
  height: number;
  joints: StudyJoint[];
  hovered: string | null;
  onHover: (key: string | null) => void;
  onMove: (side: Side, joint: JointCode, x: number, y: number) => void;
  canEdit: boolean;
}

/** What the page gives the grade table (the study page's ScoreTable, with its keyboard scoring). */
export interface GradesProps {
  joints: StudyJoint[];
  saves: Record<string, CellSave>;
  hovered: string | null;
  onHover: (key: string | null) => void;
  onEdit: (side: Side, joint: JointCode, kind: GradeKind, value: number) => void;
  onResetCell: (side: Side, joint: JointCode, kind: GradeKind) => void;
  disabled?: boolean;
  showJsw?: boolean;
  progress?: "reviewed" | "graded";
}

const ignore = () => undefined;

/** The film to open: the one chosen, else the first not yet read, else the last. */
function currentItem(queue: SessionQueueEntry[], chosen: number | null): SessionQueueEntry | undefined {
  return queue.find((item) => item.item_id === chosen) ?? queue.find((item) => !item.done) ?? queue[queue.length - 1];
}

/** A reader grades the session's films one after the other, in their own order. */
export function ReadingPage({ Film, Grades }: { Film: ComponentType<FilmProps>; Grades: ComponentType<GradesProps> }) {
  const { id = "" } = useParams();
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const session = useSession(id);
  const queue = useQueue(id);
  const refresh = useRefreshSession(id);
  const [chosen, setChosen] = useState<number | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);
  const [typed, setTyped] = useState<Record<string, number>>({});
  const [saves, setSaves] = useState<Record<string, CellSave>>({});
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const items = queue.data ?? [];
  const current = currentItem(items, chosen);
  const itemKey = ["reading-sessions", id, "items", current?.item_id] as const;
  const item = useQuery({
    queryKey: itemKey,
    queryFn: () => api.sessionItem(id, current!.item_id),
    enabled: current !== undefined,
  });

  const open = (itemId: number) => {
    setChosen(itemId);
    setActionError(null);
    setTyped({});
    setSaves({});
  };

  const onEdit = (side: Side, joint: JointCode, kind: GradeKind, value: number) => {
    if (!current) return;
    const key = cellKey(side, joint, kind);
    const itemId = current.item_id;
    setTyped((all) => ({ ...all, [key]: value }));
    setSaves((all) => ({ ...all, [key]: { state: "saving" } }));
    const settle = (save: CellSave | null) => {
      // A later grade typed in the same cell while this one was on its way decides what shows.
      setTyped(({ [key]: shown, ...rest }) => (shown === value ? rest : { ...rest, [key]: shown }));
      setSaves(({ [key]: _settled, ...rest }) => (save ? { ...rest, [key]: save } : rest));
    };
    api.gradeSessionJoint(id, itemId, { side, joint, kind, value }).then(
      (saved) => {
        queryClient.setQueryData<SessionItem>(["reading-sessions", id, "items", itemId], (old) =>
          old && {
            ...old,
            joints: old.joints.map((j) => (j.side === side && j.joint === joint ? { ...j, [kind]: saved[kind] } : j)),
          },
        );
        settle(null);
      },
      (error: unknown) => settle({ state: "refused", error }),
    );
  };

  const saving = Object.values(saves).some((save) => save.state === "saving");

  const act = async (action: "done" | "reopen") => {
    if (!current) return;
    setActionError(null);
    setBusy(true);
    try {
      await (action === "done" ? api.finishSessionItem(id, current.item_id) : api.reopenSessionItem(id, current.item_id));
      const next = action === "done" ? items.find((i) => !i.done && i.item_id !== current.item_id) : current;
      await refresh();
      if (next) open(next.item_id);
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };

  if (queue.isPending) return <p className="page-status">…</p>;
  if (queue.isError)
    return (
      <main className="page">
        <Link to="/sessions">{t("read.back")}</Link>
        <p className="error" role="alert">
          {describeError(queue.error, t)}
        </p>
      </main>
    );

  const doneCount = items.filter((i) => i.done).length;
  const allDone = items.length > 0 && doneCount === items.length;
  const index = current ? items.indexOf(current) : -1;
  const data = item.data;
  const joints = data
    ? asTableJoints(data.joints, (joint, kind) => typed[cellKey(joint.side, joint.joint, kind)])
    : [];

  return (
    <main className="study-page reading-page">
      <header className="study-header">
        <Link to="/sessions" className="back">
          {t("read.back")}
        </Link>
        <h1>{session.data?.name ?? t("sessions.title")}</h1>
        {current && (
          <span className="reading-position" data-testid="reading-position">
            {t("read.position", { position: index + 1, total: items.length })}
          </span>
        )}
        <span className="muted">{t("read.doneCount", { done: doneCount, total: items.length })}</span>
        {data?.patient_code && <span>{t("study.patient", { code: data.patient_code })}</span>}
        {data?.visit_date && <span className="muted">{t("study.visited", { date: formatDate(data.visit_date, language) })}</span>}
        <div className="spacer" />
        <button type="button" disabled={index <= 0} onClick={() => open(items[index - 1].item_id)}>
          {t("read.previous")}
        </button>
        <button type="button" disabled={index < 0 || index >= items.length - 1} onClick={() => open(items[index + 1].item_id)}>
          {t("read.next")}
        </button>
        {current && !current.done && (
          <button type="button" className="primary" disabled={busy || saving} onClick={() => void act("done")}>
            {t("read.done")}
          </button>
        )}
        {current?.done && session.data?.status !== "complete" && (
          <button type="button" disabled={busy} onClick={() => void act("reopen")}>
            {t("read.reopen")}
          </button>
        )}
      </header>
      <nav className="reading-queue" aria-label={t("read.queue")}>
        {items.map((entry, at) => (
          <button
            key={entry.item_id}
            type="button"
            className={`queue-item${entry.done ? " done" : ""}`}
            aria-current={entry === current ? "step" : undefined}
            aria-label={t(entry.done ? "read.itemDone" : "read.itemOpen", { position: at + 1 })}
            onClick={() => open(entry.item_id)}
          >
            {at + 1}
            {entry.done ? " ✓" : ""}
          </button>
        ))}
      </nav>
      {allDone && (
        <p className="ok" role="status">
          {t("read.allDone")}
        </p>
      )}
      {actionError !== null && (
        <p className="error banner-error" role="alert">
          {describeError(actionError, t)}
        </p>
      )}
      {current?.done && <p className="muted">{t("read.isDone")}</p>}
      {item.isError && (
        <p className="error" role="alert">
          {describeError(item.error, t)}
        </p>
      )}
      {data && current && (
        <div className="study-body">
          <Film
            key={data.item_id}
            imageUrl={api.sessionItemImageUrl(id, data.item_id)}
            heatmapUrl={() => ""}
            heatmaps={[]}
            width={data.width}
            height={data.height}
            joints={joints}
            hovered={hovered}
            onHover={setHovered}
            onMove={ignore}
            canEdit={false}
          />
          <aside className="study-side">
            <Grades
              key={data.item_id}
              joints={joints}
              saves={saves}
              hovered={hovered}
              onHover={setHovered}
              onEdit={onEdit}
              onResetCell={ignore}
              disabled={current.done}
              showJsw={false}
              progress="graded"
            />
          </aside>
        </div>
      )}
    </main>
  );
}
