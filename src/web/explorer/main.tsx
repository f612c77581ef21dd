// The explorer: GraphiQL 5 (Monaco), bundled and served by the hub. The signed-in token from
// the console's session storage is added to every request and to the WebSocket's
// connectionParams; it never appears in the headers editor, in localStorage or in a URL.
// The operations in schema/operations/ are offered as examples (the "Examples" plugin).
import './workers';
import { StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { useGraphiQL, useGraphiQLActions, type GraphiQLPlugin } from '@graphiql/react';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { createClient } from 'graphql-ws';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import 'graphiql/style.css';
import './explorer.css';
import { freshToken, getSession } from '../app/api';


// ---------------------------------------------------------------------------
// Examples: every operation of schema/operations/*.graphql with the fragments it uses
// ---------------------------------------------------------------------------

interface Example {
  file: string;
  name: string;
  kind: string;
  text: string;
}

const files = import.meta.glob('../../../schema/operations/*.graphql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

function examples(): Example[] {
  const out: Example[] = [];
  for (const [path, source] of Object.entries(files).sort()) {
    const file = path.split('/').pop()!;
    const doc = parse(source);
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    for (const d of doc.definitions) {
      if (d.kind !== Kind.OPERATION_DEFINITION || !d.name) continue;
      // the fragments this operation spreads, transitively
      const needed = new Set<string>();
      const walk = (node: DefinitionNode) =>
        visit(node, {
          FragmentSpread(s) {
            if (needed.has(s.name.value)) return;
            needed.add(s.name.value);
            const f = fragments.get(s.name.value);
            if (f) walk(f);
          },
        });
      walk(d);
      const parts: (OperationDefinitionNode | FragmentDefinitionNode)[] = [d, ...[...needed].map((n) => fragments.get(n)!).filter(Boolean)];
      out.push({ file, name: d.name.value, kind: d.operation, text: `# from schema/operations/${file}\n${parts.map((p) => print(p)).join('\n\n')}\n` });
    }
  }
  return out;
}

function ExamplesIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8">
      <path d="M4 5h16M4 10h16M4 15h10M4 20h7" />
    </svg>
  );
}

function ExamplesContent() {
  const list = useMemo(examples, []);
  const { addTab } = useGraphiQLActions();
  const queryEditor = useGraphiQL((s) => s.queryEditor);
  const open = (e: Example) => {
    addTab();
    // the new tab's editor model is in place on the next tick
    setTimeout(() => queryEditor?.setValue(e.text), 0);
  };
  const byFile = new Map<string, Example[]>();
  for (const e of list) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  return (
    <div className="sg-examples">
      <div className="graphiql-doc-explorer-title">Examples</div>
      <p>The operations clients send, from <code>schema/operations/</code>. Pick one to open it in a new tab.</p>
      {[...byFile].map(([file, ops]) => (
        <section key={file} aria-label={file}>
          <h3 className="sg-file">{file}</h3>
          <ul>
            {ops.map((e) => (
              <li key={e.name}>
                <button type="button" className="sg-example" onClick={() => open(e)}>
                  <span className="sg-kind">{e.kind}</span> {e.name}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

const EXAMPLES_PLUGIN: GraphiQLPlugin = { title: 'Examples', icon: ExamplesIcon, content: ExamplesContent };

// ---------------------------------------------------------------------------

const DEFAULT_QUERY = `# ServiceGraph explorer. Docs: the book icon; examples: the list icon.
# Your console sign-in is applied to every request.
query Me {
  viewer { sub role agent { name } customer { name } }
  eventCursor
}
`;

function Explorer() {
  const fetcher = useMemo(
    () =>
      createGraphiQLFetcher({
        url: '/graphql',
        // the token is read at each request: a demo token about to expire is renewed first,
        // as the console does, so an analyst can keep exploring past its hour
        fetch: async (input, init) => {
          const headers = new Headers(init?.headers);
          const t = await freshToken();
          if (t) headers.set('authorization', `Bearer ${t}`);
          return fetch(input, { ...init, headers });
        },
        wsClient: createClient({
          url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
          lazy: true,
          connectionParams: async () => ({ authorization: `Bearer ${await freshToken()}` }),
        }),
      }),
    [],
  );
  return (
    <div className="sg-explorer">
      <header className="sg-bar">
        <h1 className="sg-title">ServiceGraph explorer</h1>
        <a href="/">← Console</a>
        <span>the GraphQL API with your console sign-in</span>
      </header>
      <main className="sg-main" aria-label="GraphiQL">
        <GraphiQL fetcher={fetcher} plugins={[EXAMPLES_PLUGIN, HISTORY_PLUGIN]} defaultQuery={DEFAULT_QUERY} shouldPersistHeaders={false} defaultEditorToolsVisibility="variables" forcedTheme="light">
          <GraphiQL.Logo>
            <span className="sg-logo">ServiceGraph</span>
          </GraphiQL.Logo>
        </GraphiQL>
      </main>
    </div>
  );
}

function SignInFirst() {
  return (
    <main className="sg-signin">
      <h1>ServiceGraph explorer</h1>
      <p>
        The explorer uses your console sign-in. <a href="/sign-in">Sign in</a>, then come back with the Explorer link.
      </p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode>{getSession()?.token ? <Explorer /> : <SignInFirst />}</StrictMode>);
