// Reading network failures the platform libraries wrap: the socket error's code sits somewhere
// along the `cause` chain (undici nests it), and it tells "never sent" from "sent, answer lost".

/** The first `code` along the cause chain, if any. */
export function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
