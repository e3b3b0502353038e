// Who is signed in. Locally, tokens come from the gateway's development endpoint (POST /dev/token).
const storageKey = "pawfectlive.session";

interface StoredSession {
  token: string;
  userId: string;
  name: string;
}

function load(): StoredSession | null {
  try {
    return JSON.parse(localStorage.getItem(storageKey) ?? "null");
  } catch {
    return null;
  }
}

export const session = {
  get token(): string | null {
    return load()?.token ?? null;
  },
  get userId(): string | null {
    return load()?.userId ?? null;
  },
  get name(): string | null {
    return load()?.name ?? null;
  },
  save(value: StoredSession): void {
    localStorage.setItem(storageKey, JSON.stringify(value));
  },
  clear(): void {
    localStorage.removeItem(storageKey);
  },
};
