/**
 * data-testid for props objects that antd types without data-* attributes (a modal's OK button):
 * the attribute reaches the DOM; the type system cannot say so.
 */
export const testIdProps = (id: string) => ({ 'data-testid': id }) as unknown as Record<string, never>;
