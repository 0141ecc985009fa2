import { useState, type FormEvent } from "react";
import { useI18n } from "@/features/i18n";
import type { Account, AccountChange } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { formatDateTime } from "@/lib/dates";
import { useChangeAccount } from "./useAccounts";

type Editing = "none" | "password" | "disable";

/** One account: its team and role change in place; a password reset and disabling ask first. */
export function AccountRow({ account, isSelf, teamListId }: { account: Account; isSelf: boolean; teamListId: string }) {
  const { t, language } = useI18n();
  const change = useChangeAccount();
  const [editing, setEditing] = useState<Editing>("none");
  const [team, setTeam] = useState(account.team);
  const [password, setPassword] = useState("");
  const [done, setDone] = useState<string | null>(null);

  const apply = (update: AccountChange, message: string) => {
    setDone(null);
    change.mutate(
      { id: account.id, change: update },
      {
        onSuccess: () => {
          setDone(message);
          setEditing("none");
          setPassword("");
        },
      },
    );
  };
  const savePassword = (event: FormEvent) => {
    event.preventDefault();
    apply({ password }, t("users.passwordSet", { username: account.username }));
  };
  const name = account.username;

  return (
    <tr data-testid="account-row" className={account.is_active ? undefined : "disabled-account"}>
      <th scope="row">
        {name}
        {isSelf && <span className="muted small"> ({t("users.you")})</span>}
      </th>
      <td>
        <input
          aria-label={t("users.teamOf", { username: name })}
          value={team}
          list={teamListId}
          onChange={(e) => setTeam(e.target.value)}
        />
        {team.trim() && team.trim() !== account.team && (
          <button type="button" className="button" onClick={() => apply({ team: team.trim() }, t("users.teamSet", { username: name, team: team.trim() }))}>
            {t("users.save")}
          </button>
        )}
      </td>
      <td>
        <select
          aria-label={t("users.roleOf", { username: name })}
          value={account.is_admin ? "admin" : "reader"}
          disabled={isSelf}
          title={isSelf ? t("users.notYourself") : undefined}
          onChange={(e) => {
            const isAdmin = e.target.value === "admin";
            apply({ is_admin: isAdmin }, t(isAdmin ? "users.madeAdmin" : "users.madeReader", { username: name }));
          }}
        >
          <option value="reader">{t("users.reader")}</option>
          <option value="admin">{t("users.admin")}</option>
        </select>
      </td>
      <td>{t(account.is_active ? "users.active" : "users.disabled")}</td>
      <td className="muted">{formatDateTime(account.created_at, language)}</td>
      <td className="account-actions">
        {editing === "password" ? (
          <form onSubmit={savePassword}>
            <input
              type="password"
              aria-label={t("users.newPasswordOf", { username: name })}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              autoComplete="new-password"
              autoFocus
            />
            <button className="button primary" type="submit" disabled={change.isPending}>
              {t("users.setPassword")}
            </button>
            <button className="button" type="button" onClick={() => setEditing("none")}>
              {t("users.cancel")}
            </button>
          </form>
        ) : editing === "disable" ? (
          <>
            <span>{t("users.disableAsk", { username: name })}</span>{" "}
            <button className="button danger" type="button" onClick={() => apply({ is_active: false }, t("users.wasDisabled", { username: name }))}>
              {t("users.disable")}
            </button>
            <button className="button" type="button" onClick={() => setEditing("none")}>
              {t("users.cancel")}
            </button>
          </>
        ) : (
          <>
            <button className="button" type="button" onClick={() => setEditing("password")}>
              {t("users.resetPassword")}
            </button>
            {account.is_active ? (
              <button className="button" type="button" disabled={isSelf} title={isSelf ? t("users.notYourself") : undefined} onClick={() => setEditing("disable")}>
                {t("users.disable")}
              </button>
            ) : (
              <button className="button" type="button" onClick={() => apply({ is_active: true }, t("users.wasEnabled", { username: name }))}>
                {t("users.enable")}
              </button>
            )}
          </>
        )}
        {change.isError && (
          <p className="error" role="alert">
            {describeError(change.error, t)}
          </p>
        )}
        {done && (
          <p className="notice" role="status">
            {done}
          </p>
        )}
      </td>
    </tr>
  );
}
