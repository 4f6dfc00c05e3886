import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with m=19 MiB, t=2, p=1 (OWASP); memory cost comes from config so tests may lower it. */
let memoryCost = 19456;
export function setArgon2Memory(kib: number) {
  memoryCost = kib;
}

export function hashPassword(password: string): Promise<string> {
  // algorithm 2 = argon2id
  return hash(password, { algorithm: 2, memoryCost, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// A hash of nothing, verified when the login is unknown so that timing does not reveal which logins exist.
let dummy: Promise<string> | undefined;
export async function burnVerify(password: string): Promise<void> {
  dummy ??= hashPassword('не-существующий-пароль');
  await verifyPassword(await dummy, password);
}

/** Passwords people choose first in Russian schools; refused as new passwords (checked lower-cased). */
const COMMON = new Set(
  `123456 1234567 12345678 123456789 1234567890 0987654321 password password1 passw0rd qwerty qwerty123
  qwertyuiop 1q2w3e4r 1q2w3e4r5t 1qaz2wsx zaq12wsx 111111 11111111 000000 00000000 123123 123321 654321
  666666 777777 888888 987654321 abc123 abcdef iloveyou admin admin123 administrator welcome letmein
  monkey dragon football baseball master sunshine princess shadow superman michael password123 qazwsx
  йцукен йцукенгш пароль пароль123 привет любовь наташа солнышко школа школа123 учитель ученик журнал
  дневник 12345qwert asdfghjk asdfgh zxcvbnm zxcvbnm123 1234qwer q1w2e3r4 q1w2e3r4t5 demo demo1234
  school school123 teacher teacher1 student student1 parent parent123 changeme 11223344 12341234
  147258369 159753 159357 789456123 789456 456789 55555555 99999999 22222222 33333333 44444444 ghbdtn
  gfhjkm vfrcbv yfnfif cjkysirj natasha maxim andrey sergey tatyana olga elena svetlana irina 2025 2026`
    .split(/\s+/)
    .filter(Boolean),
);

export const MIN_PASSWORD_LENGTH = 8;

/**
 * [issue 10] the 49,000 most common passwords of leaked lists (zxcvbn-ts's list, MIT), those long enough to
 * pass the length rule, lower-cased; read on the first password change, not at start.
 */
let leaked: Set<string> | undefined;
function leakedPasswords(): Set<string> {
  if (!leaked) {
    const { dictionary } = createRequire(import.meta.url)('@zxcvbn-ts/language-common') as {
      dictionary: { 'passwords-common': string[] };
    };
    leaked = new Set(dictionary['passwords-common'].filter((p) => p.length >= MIN_PASSWORD_LENGTH).map((p) => p.toLowerCase()));
  }
  return leaked;
}

/** Why a new password is refused, in Russian, or null when it is acceptable. */
export function passwordProblem(password: string, login: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Пароль должен быть не короче ${MIN_PASSWORD_LENGTH} символов`;
  if (password.length > 200) return 'Пароль слишком длинный (не более 200 символов)';
  const p = password.toLowerCase();
  if (COMMON.has(p) || leakedPasswords().has(p)) return 'Этот пароль слишком распространён, выберите другой';
  if (p === login.toLowerCase() || p.includes(login.toLowerCase())) return 'Пароль не должен содержать логин';
  if (/^(.)\1+$/.test(password)) return 'Пароль не должен состоять из одного символа';
  return null;
}

/** A one-time password for issued credentials: readable (no 0/O, 1/l), 10 characters. */
export function oneTimePassword(length = 10): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
