// Turns zod's validation issues into the words Herald's error messages use: "expected …, found …".

/** zod's message without the parts Herald says itself ("Invalid input: ", ", received string"). */
export function cleanZodMessage(message: string): string {
  return message.replace(/^(Invalid input|Invalid option|Too small|Too big): /, '').replace(/, received \w+$/, '');
}

/** A short description of a value a user wrote, for "found …". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
