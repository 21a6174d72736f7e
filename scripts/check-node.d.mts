/** One line saying which Node.js is needed and how to get it, or null when `current` is new enough. */
export function nodeTooOld(current?: string): string | null;
