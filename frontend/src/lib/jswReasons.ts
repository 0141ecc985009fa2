import { JSW_REASONS_RU } from "@/api/jswReasons";

const RUSSIAN = JSW_REASONS_RU.map(([pattern, replacement]) => [new RegExp(`^(?:${pattern})$`), replacement] as const);

/**
 * Why a joint space width is missing, in the reader's language: each '; '-joined part of the
 * service's English reason that the list (generated from the service's, as the PDF says it) knows.
 */
export function jswReasonIn(language: string, reason: string): string {
  if (language !== "ru") return reason;
  return reason
    .split("; ")
    .map((part) => {
      const known = RUSSIAN.find(([pattern]) => pattern.test(part));
      return known ? part.replace(known[0], known[1]) : part;
    })
    .join("; ");
}
