import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { AppRoutes } from "@/app/App";
import { I18nProvider } from "@/features/i18n";
import { ResearchBanner } from "@/features/disclaimer";

function testQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

export function renderWithProviders(ui: ReactElement, { route = "/" } = {}) {
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <I18nProvider>
        <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
      </I18nProvider>
    </QueryClientProvider>,
  );
}

/** The whole application at `route`, as a signed-in user would see it. */
export function renderApp(route = "/") {
  return renderWithProviders(
    <>
      <ResearchBanner />
      <AppRoutes />
    </>,
    { route },
  );
}
