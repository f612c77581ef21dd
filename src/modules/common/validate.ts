import { invalid } from '../../errors';

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const PHONE = /^\+?[0-9 ()./-]{3,40}$/;
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

/** Trimmed, non-empty text of at most `max` characters. */
export function requiredText(value: string, field: string, max: number): string {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v) throw invalid(`${field} must not be empty`, ['input', field]);
  if (v.length > max) throw invalid(`${field} must be at most ${max} characters`, ['input', field]);
  if (v.includes('\u0000')) throw invalid(`${field} must not contain NUL characters`, ['input', field]);
  return v;
}

/** Optional text: undefined stays undefined (not given), blank becomes null. */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const v = value.trim();
  if (!v) return null;
  if (v.length > max) throw invalid(`${field} must be at most ${max} characters`, ['input', field]);
  if (v.includes('\u0000')) throw invalid(`${field} must not contain NUL characters`, ['input', field]);
  return v;
}

export function email(value: string, field = 'email'): string {
  const v = requiredText(value, field, 254).toLowerCase();
  if (!EMAIL.test(v)) throw invalid(`${field} "${value.slice(0, 80)}" is not a valid e-mail address`, ['input', field]);
  return v;
}

export function phone(value: string | null | undefined): string | null | undefined {
  const v = optionalText(value, 'phone', 40);
  if (v && !PHONE.test(v)) throw invalid('phone may hold digits, spaces, + ( ) . / - only', ['input', 'phone']);
  return v;
}

export function language(value: string | null | undefined): string | null | undefined {
  const v = optionalText(value, 'language', 35);
  if (v && !LANGUAGE.test(v)) throw invalid('language must be a language tag such as "en" or "de-AT"', ['input', 'language']);
  return v;
}

export function intInRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${field} must be a whole number from ${min} to ${max}`, ['input', field]);
  }
  return value;
}

export function idempotencyKey(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (value.length === 0 || value.length > 200 || value.includes('\u0000')) {
    throw invalid('idempotencyKey must be 1 to 200 characters, without NUL', ['input', 'idempotencyKey']);
  }
  return value;
}
