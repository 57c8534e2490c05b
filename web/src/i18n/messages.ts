/** The English catalogue of an area must have exactly the keys of the Vietnamese one. */
export type MessagesLike<T> = { [K in keyof T]: T[K] extends string ? string : MessagesLike<T[K]> };

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];
