import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { BrowserRouter, Route, Routes, useParams } from "react-router";
import { AuditPage } from "@/features/audit";
import { DatasetsPage } from "@/features/datasets";
import { FolderImportPage } from "@/features/folder-import";
import { LoginPage, RequireAuth, useMe } from "@/features/auth";
import { ResearchBanner } from "@/features/disclaimer";
import { I18nProvider, LanguageSwitch, useI18n } from "@/features/i18n";
import { ModelsPage } from "@/features/models";
import { PacsPage, SendToPacs } from "@/features/pacs";
import { PatientPage, PatientsPage } from "@/features/patients";
import { AdjudicationPage, ReadingPage, ReportPage, SessionPage, SessionsPage } from "@/features/sessions";
import { ComparePage, ScoreTable, StudyPage, Viewer } from "@/features/study";
import { UploadPage } from "@/features/upload";
import { UsersPage } from "@/features/users";
import { WorklistPage } from "@/features/worklist";
import { ApiError } from "@/lib/api-error";
import { Layout } from "./Layout";
import { ThemeSwitch } from "./ThemeSwitch";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A client error will not fix itself; a dropped connection or a server hiccup may.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: true,
      },
    },
  });
}

function UsersRoute() {
  const me = useMe();
  return <UsersPage currentUserId={me.data?.id} />;
}

function StudyRoute() {
  const me = useMe();
  if (!me.data) return null; // RequireAuth shows its children to a signed-in user only
  return (
    <>
      <StudyPage reader={me.data.id} canDelete={me.data.is_admin} />
      {me.data.is_admin && <StudySendToPacs />}
    </>
  );
}

function StudySendToPacs() {
  const { id } = useParams();
  return id ? <SendToPacs studyId={Number(id)} /> : null;
}

function PacsRoute() {
  const me = useMe();
  return <PacsPage isAdmin={me.data?.is_admin ?? false} />;
}

function SessionsRoute() {
  const me = useMe();
  return <SessionsPage currentUserId={me.data?.id} isAdmin={Boolean(me.data?.is_admin)} />;
}

function SessionRoute() {
  const me = useMe();
  return <SessionPage currentUserId={me.data?.id} />;
}

function ReportRoute() {
  const me = useMe();
  return <ReportPage isAdmin={Boolean(me.data?.is_admin)} />;
}

/** A reading session's films are drawn and graded with the study page's viewer and table. */
function ReadingRoute() {
  return <ReadingPage Film={Viewer} Grades={ScoreTable} />;
}

function LoginRoute() {
  const { t } = useI18n();
  return (
    <>
      <nav className="login-language" aria-label={t("nav.display")}>
        <ThemeSwitch /> <LanguageSwitch />
      </nav>
      <LoginPage />
    </>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginRoute />} />
      <Route
        element={
          <RequireAuth>
            <Layout />
          </RequireAuth>
        }
      >
        <Route index element={<WorklistPage />} />
        <Route path="upload" element={<UploadPage />} />
        <Route path="studies/:id" element={<StudyRoute />} />
        <Route path="patients" element={<PatientsPage />} />
        <Route path="patients/:id" element={<PatientPage />} />
        <Route path="compare" element={<ComparePage />} />
        <Route path="users" element={<UsersRoute />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="datasets" element={<DatasetsPage />} />
        <Route path="folder-imports" element={<FolderImportPage />} />
        <Route path="models" element={<ModelsPage />} />
        <Route path="sessions" element={<SessionsRoute />} />
        <Route path="sessions/:id" element={<SessionRoute />} />
        <Route path="sessions/:id/read" element={<ReadingRoute />} />
        <Route path="sessions/:id/report" element={<ReportRoute />} />
        <Route path="sessions/:id/adjudicate" element={<AdjudicationPage />} />
        <Route path="pacs" element={<PacsRoute />} />
        <Route path="*" element={<WorklistPage />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <ResearchBanner />
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </I18nProvider>
    </QueryClientProvider>
  );
}
