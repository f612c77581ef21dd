// Sign in: a demo identity per role when the hub is in demo mode, otherwise a pasted token.
// The token lives in sessionStorage for this tab only.
import { useEffect, useState, type FormEvent } from 'react';
import { ConsoleViewerDocument } from '../../generated/operations';
import { demoIdentities, demoToken, query, renewAtOf, setSession, tokenClaims, type DemoIdentity } from '../api';

async function signInWith(token: string, demoRole?: string): Promise<void> {
  // the token is tried before it is kept: ask the hub who it is
  const claims = tokenClaims(token);
  const renewAt = renewAtOf(token);
  sessionStorage.setItem('servicegraph.session', JSON.stringify({ token, role: claims?.role ?? '', name: '' }));
  try {
    const { viewer } = await query(ConsoleViewerDocument);
    const name = viewer.agent?.name ?? viewer.customer?.name ?? viewer.sub;
    setSession({ token, role: viewer.role, name, demoRole, renewAt });
  } catch (err) {
    sessionStorage.removeItem('servicegraph.session');
    throw err;
  }
}

export function SignIn() {
  const [demo, setDemo] = useState<DemoIdentity[] | null | undefined>(undefined);
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    demoIdentities().then(setDemo, () => setDemo(null));
  }, []);

  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const paste = (e: FormEvent) => {
    e.preventDefault();
    const t = token.trim().replace(/^Bearer\s+/i, '');
    if (!t) {
      setError('Paste a token first');
      return;
    }
    void run(() => signInWith(t));
  };

  return (
    <>
      <h1>Sign in to ServiceGraph</h1>
      {demo && demo.length > 0 && (
        <section aria-labelledby="demo-heading" className="card">
          <h2 id="demo-heading">Demo mode</h2>
          <p className="muted">This hub holds the demo data. Pick a demo user; the hub issues a short-lived token for it.</p>
          <ul className="demo-users">
            {demo.map((d) => (
              <li key={d.role}>
                <button type="button" disabled={busy} onClick={() => run(async () => signInWith((await demoToken(d.role)).token, d.role))}>
                  Sign in as {d.role.toLowerCase()}
                </button>
                <span>
                  {d.name} <span className="muted">· {d.detail}</span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="token-heading" className="card">
        <h2 id="token-heading">With a token</h2>
        <form onSubmit={paste}>
          <label htmlFor="token">Bearer token</label>
          <textarea id="token" rows={4} value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false} autoComplete="off" />
          <p className="muted">
            Kept in this tab's session storage only. <code>npm run token -- --role AGENT --agent &lt;id&gt;</code> prints one.
          </p>
          <button type="submit" disabled={busy}>
            Sign in
          </button>
        </form>
      </section>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
