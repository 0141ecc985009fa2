import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type PacsDocument, type PacsEndpointFields, type PacsSearch } from "@/lib/api";

const ENDPOINTS_KEY = ["pacs", "endpoints"] as const;

export function usePacsEndpoints() {
  return useQuery({ queryKey: ENDPOINTS_KEY, queryFn: api.pacsEndpoints });
}

export function useCreatePacsEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fields: PacsEndpointFields) => api.createPacsEndpoint(fields),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ENDPOINTS_KEY }),
  });
}

export function useDeletePacsEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.deletePacsEndpoint(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ENDPOINTS_KEY }),
  });
}

export function useTestPacsEndpoint() {
  return useMutation({ mutationFn: (id: number) => api.testPacsEndpoint(id) });
}

export function useSearchPacs() {
  return useMutation({
    mutationFn: ({ endpointId, search }: { endpointId: number; search: PacsSearch }) =>
      api.searchPacs(endpointId, search),
  });
}

export function useStartImport() {
  return useMutation({
    mutationFn: ({ endpointId, studyUids }: { endpointId: number; studyUids: string[] }) =>
      api.importFromPacs(endpointId, studyUids),
  });
}

/** A retrieval's progress, read every second until it has finished. */
export function useImportProgress(importId: number | null) {
  return useQuery({
    queryKey: ["pacs", "import", importId],
    queryFn: () => api.pacsImport(importId as number),
    enabled: importId !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "done" || status === "failed" ? false : 1000;
    },
  });
}

export function useSendToPacs() {
  return useMutation({
    mutationFn: ({ endpointId, studyId, documents }: { endpointId: number; studyId: number; documents: PacsDocument[] }) =>
      api.sendToPacs(endpointId, studyId, documents),
  });
}
