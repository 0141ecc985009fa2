/** A notice across the page about the service itself; `text` is in the reader's language. */
export function ServiceNotice({ text }: { text: string }) {
  return (
    <p className="service-notice" role="status">
      {text}
    </p>
  );
}
