/** The `code` of what `fn` throws (or rejects with); undefined when it does not throw. */
export async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (error) {
    return (error as { code?: string }).code ?? `no code: ${String(error)}`;
  }
  return undefined;
}
