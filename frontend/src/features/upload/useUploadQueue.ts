import { useCallback, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, type ArchiveAccepted, type UploadFields } from "@/lib/api";
import { ApiError } from "@/lib/api-error";
import { isArchive, rejectionOf, type Rejection } from "./files";

/** "skipped": a file of a chosen folder that is no radiograph; it is left out, not an error. */
export type ItemState = "ready" | "uploading" | "done" | "rejected" | "skipped" | "failed";

export interface UploadItem {
  key: number;
  file: File;
  state: ItemState;
  progress: number; // 0..1
  rejection?: Rejection; // refused before sending
  error?: unknown; // refused or failed by the service
  studyId?: string;
  archive?: ArchiveAccepted; // what became of each file of an uploaded archive
  /** What this file has of its own; the rest comes from the batch's defaults. */
  overrides: Partial<UploadFields>;
}

/** The fields a file is sent with: its own where it has them, else the batch's. */
export const fieldsOf = (item: UploadItem, defaults: UploadFields): UploadFields => ({ ...defaults, ...item.overrides });

/**
 * Files waiting, uploading and finished. A file the service rejects stays in the list with its
 * reason; one that failed for a network or server problem can be retried as it was.
 */
export function useUploadQueue() {
  const queryClient = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const nextKey = useRef(1);

  const update = (key: number, patch: Partial<UploadItem>) =>
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...patch } : item)));

  /** Files chosen or dropped; those of a whole folder that are no radiographs are skipped. */
  const add = useCallback((files: Iterable<File>, fromFolder = false) => {
    const added: UploadItem[] = [...files].map((file) => {
      const rejection = rejectionOf(file) ?? undefined;
      return {
        key: nextKey.current++,
        file,
        state: rejection ? (fromFolder ? "skipped" : "rejected") : "ready",
        progress: 0,
        rejection,
        overrides: {},
      };
    });
    setItems((current) => [...current, ...added]);
  }, []);

  const uploadOne = async (item: UploadItem, fields: UploadFields) => {
    update(item.key, { state: "uploading", progress: 0, error: undefined });
    try {
      const onProgress = (progress: number) => update(item.key, { progress });
      if (isArchive(item.file)) {
        const archive = await api.uploadArchive(item.file, fields, onProgress);
        update(item.key, { state: "done", progress: 1, archive });
      } else {
        const accepted = await api.upload(item.file, fields, onProgress);
        update(item.key, { state: "done", progress: 1, studyId: String(accepted.study_id) });
      }
    } catch (error) {
      const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
      update(item.key, { state: refused && error.status !== 401 ? "rejected" : "failed", error });
    }
  };

  /** Sends the ready files (or the one named), each with its own fields over the batch's `fields`. */
  const start = async (fields: UploadFields, only?: number) => {
    const todo = items.filter((item) =>
      only === undefined ? item.state === "ready" : item.key === only,
    );
    for (const item of todo) await uploadOne(item, fieldsOf(item, fields));
    await queryClient.invalidateQueries({ queryKey: ["studies"] });
  };

  const override = <F extends keyof UploadFields>(key: number, field: F, value: UploadFields[F]) =>
    setItems((current) =>
      current.map((item) => (item.key === key ? { ...item, overrides: { ...item.overrides, [field]: value } } : item)),
    );

  const remove = (key: number) => setItems((current) => current.filter((item) => item.key !== key));
  const clearFinished = () =>
    setItems((current) => current.filter((item) => !["done", "rejected", "skipped"].includes(item.state)));

  return { items, add, start, override, remove, clearFinished };
}
