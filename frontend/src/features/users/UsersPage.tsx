import { useId } from "react";
import { useI18n } from "@/features/i18n";
import { describeError } from "@/lib/api-error";
import { AccountRow } from "./AccountRow";
import { NewAccountForm } from "./NewAccountForm";
import { useAccounts } from "./useAccounts";

/** Administrators manage the accounts: create, disable or enable, reset a password, team, role. */
export function UsersPage({ currentUserId }: { currentUserId?: number }) {
  const { t } = useI18n();
  const accounts = useAccounts();
  const teamListId = useId();
  const teams = [...new Set((accounts.data ?? []).map((a) => a.team))].sort();

  return (
    <main className="page users-page">
      <header className="page-header">
        <h1>{t("users.title")}</h1>
      </header>
      <datalist id={teamListId}>
        {teams.map((team) => (
          <option key={team} value={team} />
        ))}
      </datalist>
      {accounts.isError && (
        <p className="error" role="alert">
          {describeError(accounts.error, t)}
        </p>
      )}
      {accounts.data && (
        <>
          <table className="accounts" data-testid="accounts">
            <thead>
              <tr>
                <th scope="col">{t("users.username")}</th>
                <th scope="col">{t("users.team")}</th>
                <th scope="col">{t("users.role")}</th>
                <th scope="col">{t("users.status")}</th>
                <th scope="col">{t("users.createdAt")}</th>
                <th scope="col">{t("users.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.map((account) => (
                <AccountRow key={account.id} account={account} isSelf={account.id === currentUserId} teamListId={teamListId} />
              ))}
            </tbody>
          </table>
          <NewAccountForm teams={teams} teamListId={teamListId} />
        </>
      )}
    </main>
  );
}
