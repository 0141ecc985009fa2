import { useState, type FormEvent } from "react";
import { useI18n } from "@/features/i18n";
import { describeError, translateServerMessage } from "@/lib/api-error";
import type { PacsEndpoint, PacsEndpointFields } from "@/lib/api";
import { useCreatePacsEndpoint, useDeletePacsEndpoint, usePacsEndpoints, useTestPacsEndpoint } from "./usePacs";

type Auth = PacsEndpointFields["auth"];

/** Administrators: the site's PACS connections, a test of each, and a new one. */
export function ConnectionsPanel() {
  const { t } = useI18n();
  const endpoints = usePacsEndpoints();
  return (
    <section className="pacs-connections" aria-labelledby="pacs-connections-title">
      <h2 id="pacs-connections-title">{t("pacs.connections")}</h2>
      {endpoints.isError && (
        <p className="error" role="alert">
          {describeError(endpoints.error, t)}
        </p>
      )}
      {endpoints.data && endpoints.data.length === 0 && <p className="muted">{t("pacs.noConnections")}</p>}
      {endpoints.data && endpoints.data.length > 0 && (
        <table className="accounts" data-testid="pacs-connections">
          <thead>
            <tr>
              <th scope="col">{t("pacs.name")}</th>
              <th scope="col">{t("pacs.baseUrl")}</th>
              <th scope="col">{t("pacs.auth")}</th>
              <th scope="col">{t("users.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.data.map((endpoint) => (
              <ConnectionRow key={endpoint.id} endpoint={endpoint} />
            ))}
          </tbody>
        </table>
      )}
      <NewConnectionForm />
    </section>
  );
}

function ConnectionRow({ endpoint }: { endpoint: PacsEndpoint }) {
  const { t } = useI18n();
  const test = useTestPacsEndpoint();
  const remove = useDeletePacsEndpoint();
  const result = test.data;
  return (
    <tr>
      <td>{endpoint.name}</td>
      <td>
        <code>{endpoint.base_url}</code>
      </td>
      <td>{t(`pacs.auth.${endpoint.auth}`)}</td>
      <td>
        <button className="button" type="button" onClick={() => test.mutate(endpoint.id)} disabled={test.isPending}>
          {t("pacs.test")}
        </button>{" "}
        <button
          className="button"
          type="button"
          onClick={() => window.confirm(t("pacs.deleteAsk", { name: endpoint.name })) && remove.mutate(endpoint.id)}
        >
          {t("pacs.delete")}
        </button>
        {result?.ok && (
          <p className="notice" role="status">
            {t("pacs.testOk", { name: endpoint.name })}
          </p>
        )}
        {result && !result.ok && result.problem && (
          <p className="error" role="alert">
            {translateServerMessage({ ...result.problem, params: result.problem.params ?? {} }, t) ?? result.problem.detail}
          </p>
        )}
        {(test.isError || remove.isError) && (
          <p className="error" role="alert">
            {describeError(test.error ?? remove.error, t)}
          </p>
        )}
      </td>
    </tr>
  );
}

const EMPTY: PacsEndpointFields = { name: "", base_url: "", auth: "none", username: "", secret: "" };

function NewConnectionForm() {
  const { t } = useI18n();
  const create = useCreatePacsEndpoint();
  const [fields, setFields] = useState<PacsEndpointFields>(EMPTY);
  const [created, setCreated] = useState<string | null>(null);
  const set = (change: Partial<PacsEndpointFields>) => setFields((current) => ({ ...current, ...change }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    create.mutate(
      {
        ...fields,
        qido_prefix: fields.qido_prefix || null,
        wado_prefix: fields.wado_prefix || null,
        stow_prefix: fields.stow_prefix || null,
        username: fields.auth === "basic" ? fields.username : null,
        secret: fields.auth === "none" ? null : fields.secret,
      },
      {
        onSuccess: (endpoint) => {
          setCreated(endpoint.name);
          setFields(EMPTY);
        },
      },
    );
  };

  return (
    <form className="new-account" onSubmit={submit} aria-labelledby="new-pacs-title">
      <h3 id="new-pacs-title">{t("pacs.new")}</h3>
      <label>
        {t("pacs.name")}
        <input value={fields.name} onChange={(e) => set({ name: e.target.value })} required />
      </label>
      <label>
        {t("pacs.baseUrl")}
        <input
          value={fields.base_url}
          onChange={(e) => set({ base_url: e.target.value })}
          placeholder="https://pacs.example.org/dicom-web"
          required
        />
      </label>
      {(["qido_prefix", "wado_prefix", "stow_prefix"] as const).map((prefix) => (
        <label key={prefix}>
          {t(`pacs.${prefix}`)}
          <input value={fields[prefix] ?? ""} onChange={(e) => set({ [prefix]: e.target.value })} />
        </label>
      ))}
      <label>
        {t("pacs.auth")}
        <select value={fields.auth} onChange={(e) => set({ auth: e.target.value as Auth })}>
          <option value="none">{t("pacs.auth.none")}</option>
          <option value="basic">{t("pacs.auth.basic")}</option>
          <option value="bearer">{t("pacs.auth.bearer")}</option>
        </select>
      </label>
      {fields.auth === "basic" && (
        <label>
          {t("pacs.username")}
          <input value={fields.username ?? ""} onChange={(e) => set({ username: e.target.value })} autoComplete="off" required />
        </label>
      )}
      {fields.auth !== "none" && (
        <label>
          {fields.auth === "basic" ? t("pacs.password") : t("pacs.token")}
          <input
            type="password"
            value={fields.secret ?? ""}
            onChange={(e) => set({ secret: e.target.value })}
            autoComplete="new-password"
            required
          />
        </label>
      )}
      <button className="button primary" type="submit" disabled={create.isPending}>
        {t("pacs.add")}
      </button>
      <p className="muted small">{t("pacs.secretHint")}</p>
      {create.isError && (
        <p className="error" role="alert">
          {describeError(create.error, t)}
        </p>
      )}
      {created && (
        <p className="notice" role="status">
          {t("pacs.added", { name: created })}
        </p>
      )}
    </form>
  );
}
