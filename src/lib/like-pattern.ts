// A LIKE / ILIKE pattern that matches `text` anywhere, with the wildcards a person might type (%, _) taken literally.
// Example: sql`${users.email} ilike ${containsPattern('li_na')}`
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
