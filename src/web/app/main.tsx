// The console: sign-in, the live operations board, trends, ticket pages and the customer's
// view, on the hub's own port. The explorer (GraphiQL) is a page of its own: /explorer.
import { StrictMode, useEffect, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { getSession, onSessionChange, setSession, type Session } from './api';
import { Link, navigate, usePath } from './ui';
import { SignIn } from './pages/SignIn';
import { Board } from './pages/Board';
import { Trends } from './pages/Trends';
import { TicketPage } from './pages/Ticket';
import { MyTickets } from './pages/MyTickets';
import './styles.css';

const STAFF = ['ADMIN', 'MANAGER', 'AGENT', 'ANALYST'];

function useSession(): Session | null {
  return useSyncExternalStore(onSessionChange, () => sessionStorage.getItem('servicegraph.session'), () => null) ? getSession() : null;
}

function Nav({ session }: { session: Session }) {
  const staff = STAFF.includes(session.role);
  return (
    <header className="top">
      <a className="brand" href="/">
        ServiceGraph
      </a>
      <nav aria-label="Main">
        {staff ? (
          <>
            <Link to="/">Board</Link>
            <Link to="/trends">Trends</Link>
          </>
        ) : (
          <Link to="/my">My tickets</Link>
        )}
        <a href="/explorer">Explorer</a>
      </nav>
      <div className="who">
        <span>
          {session.name} <span className="muted">({session.role.toLowerCase()})</span>
        </span>
        <button
          type="button"
          className="link"
          onClick={() => {
            setSession(null);
            navigate('/sign-in');
          }}
        >
          Sign out
        </button>
      </div>
    </header>
  );
}

function Routes({ session }: { session: Session }) {
  const path = usePath();
  const staff = STAFF.includes(session.role);
  const ticket = /^\/tickets\/(\d+)$/.exec(path);
  if (ticket) return <TicketPage number={Number(ticket[1])} session={session} />;
  if (path === '/trends' && staff) return <Trends />;
  if (path === '/my' || !staff) return <MyTickets session={session} />;
  return <Board session={session} />;
}

function App() {
  const session = useSession();
  const path = usePath();
  useEffect(() => {
    if (!session && path !== '/sign-in') navigate('/sign-in');
    if (session && path === '/sign-in') navigate(STAFF.includes(session.role) ? '/' : '/my');
  }, [session, path]);
  useEffect(() => {
    document.title = `ServiceGraph · ${path === '/sign-in' ? 'sign in' : path === '/' ? 'board' : path.slice(1).replace('/', ' ')}`;
  }, [path]);
  if (!session || path === '/sign-in') {
    return (
      <main id="main" className="narrow">
        <SignIn />
      </main>
    );
  }
  return (
    <>
      <Nav session={session} />
      <main id="main">
        <Routes session={session} />
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
