import { z } from 'zod';
import { isIsoDate } from '../dates';

export const PERSON_STATUSES = ['active', 'moved', 'left'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const PERSON_STATUS_LABELS: Record<PersonStatus, string> = {
  active: 'Active',
  moved: 'Moved role',
  left: 'Left',
};

export const PersonId = z.number().int().positive();

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`);

export const PersonInputSchema = z.strictObject({
  name: text(200).min(1, 'Name is empty'),
  email: z
    .string()
    .trim()
    .min(1, 'Email is empty')
    .max(254, 'Not an email address')
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Not an email address'),
  role: text(200).optional(),
  department: text(200).optional(),
  /** For the press team out of hours. */
  phone: z
    .string()
    .trim()
    .max(40)
    .refine((s) => s === '' || /^\+?[0-9 ()./-]{5,}$/.test(s), 'Not a phone number (digits, spaces, + ( ) - . /)')
    .optional(),
  /** Who arranges the removal of their access when they move or leave: a person in the directory. */
  lineManagerId: z.number().int().positive().nullable().optional(),
});
export type PersonInput = z.infer<typeof PersonInputSchema>;

export const IsoDate = z.string().refine(isIsoDate, 'Use a real date as YYYY-MM-DD');

export const LeaverInputSchema = z.strictObject({
  personId: PersonId,
  /** Left the organisation, or moved to another role. */
  kind: z.enum(['left', 'moved']),
  date: IsoDate,
  note: text(1000).optional(),
});
export type LeaverInput = z.infer<typeof LeaverInputSchema>;

export const PersonViewSchema = z.strictObject({
  id: PersonId,
  name: z.string(),
  email: z.string(),
  role: z.string(),
  department: z.string(),
  status: z.enum(PERSON_STATUSES),
  statusDate: z.string().nullable(),
  statusNote: z.string(),
  phone: z.string(),
  lineManagerId: z.number().int().nullable(),
  /** The line manager's name ("" when none). */
  lineManager: z.string(),
  /** Accounts the person holds access to now. */
  currentAccess: z.number().int(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type PersonView = z.infer<typeof PersonViewSchema>;
