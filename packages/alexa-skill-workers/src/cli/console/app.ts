/**
 * The console page's script. It runs in the browser: `consolePage` (page.ts) inlines the source of
 * {@link consoleApp}, so the function must stand alone (no imports, nothing from this module's
 * scope). It talks only to the console's JSON API (api.ts) and draws each turn: the NLU trace, the
 * request as sent (editable, resent signed), the answer's speech, reprompt and card (as the Alexa
 * app shows Simple, Standard, LinkAccount and AskForPermissionsConsent cards; the consent card's
 * Grant grants what it asks for), the calls the skill made to the local Alexa API, the latency
 * against the budget, and what the device keeps; and the permissions the skill declares, granted or
 * denied for the account and for the recognized speaker. Cards: "Include a Card in Your Skill's Response",
 * https://developer.amazon.com/en-US/docs/alexa/custom-skills/include-a-card-in-your-skills-response.html
 */
export function consoleApp(): void {
  type Json = Record<string, unknown>;
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const el = (tag: string, attrs: Record<string, string> = {}, ...children: (Node | string | undefined)[]): HTMLElement => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const child of children) if (child !== undefined) node.append(child);
    return node;
  };
  const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'number' ? `${v}` : JSON.stringify(v));
  const log = $('log');
  const input = $<HTMLInputElement>('utterance');
  const settings = () => ({
    locale: $<HTMLSelectElement>('locale').value,
    device: $<HTMLSelectElement>('device').value,
    person: $<HTMLInputElement>('person').value,
    tamper: $<HTMLSelectElement>('tamper').value,
  });

  async function api(path: string, body?: Json): Promise<Json> {
    const init: RequestInit = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ settings: settings(), ...body }) };
    try {
      const response = await fetch(path, init);
      return (await response.json()) as Json;
    } catch (error) {
      return { error: `the console does not answer (${String(error)}): is alexa-skill-workers console still running?` };
    }
  }

  const speechOf = (o: unknown): string => {
    const s = o as { ssml?: string; text?: string } | undefined;
    // SSML's text, its entities decoded (an inert document: nothing in it runs or loads).
    const text = s?.ssml === undefined ? s?.text : new DOMParser().parseFromString(s.ssml, 'text/html').body.textContent;
    return (text ?? '').replace(/\s+/g, ' ').trim();
  };

  function speakButton(text: string): HTMLElement {
    const button = el('button', { type: 'button', class: 'speak', title: 'Speak with the browser\'s speech synthesis' }, 'Speak');
    button.addEventListener('click', () => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = settings().locale;
      speechSynthesis.cancel();
      speechSynthesis.speak(utterance);
    });
    return button;
  }

  function cardOf(card: Json): HTMLElement {
    const type = str(card.type);
    const box = el('article', { class: `card card-${type}`, 'aria-label': `${type} card` });
    if (type === 'LinkAccount') {
      const button = el('button', { type: 'button', class: 'primary' }, 'Link account');
      button.addEventListener('click', () => void linkAccount(false));
      box.append(el('h3', {}, 'Link your account'), el('p', {}, 'To use this skill, link your account with the skill\'s provider.'), button);
    } else if (type === 'AskForPermissionsConsent') {
      const permissions = (card.permissions as string[] | undefined) ?? [];
      const grant = el('button', { type: 'button', class: 'primary' }, 'Grant');
      grant.addEventListener('click', () => void grantAll(permissions));
      box.append(el('h3', {}, 'Permissions requested'), el('ul', {}, ...permissions.map((p) => el('li', {}, p))), grant, el('p', { class: 'note' }, 'In the Alexa app the user grants these under Manage permissions; Grant does so for the speaker named above, or the account.'));
    } else {
      if (card.title) box.append(el('h3', {}, str(card.title)));
      const image = card.image as { smallImageUrl?: string; largeImageUrl?: string } | undefined;
      const src = image?.largeImageUrl ?? image?.smallImageUrl;
      if (type === 'Standard' && src) box.append(el('img', { src, alt: '', loading: 'lazy' }));
      box.append(el('p', {}, str(card.content ?? card.text ?? '')));
    }
    return box;
  }

  function traceOf(trace: Json | undefined): HTMLElement | undefined {
    if (!trace) return undefined;
    const match = trace.match as { intent: string; sample: string; source: string; ties: number } | undefined;
    const slots = (trace.slots as { name: string; type: string; spoken: string; value: string; authority?: string; status?: string; resolvedTo?: { name: string; id: string }[] }[]) ?? [];
    const rows = slots.map((s) => el('tr', {}, el('td', {}, s.name), el('td', {}, s.type), el('td', {}, s.spoken), el('td', {}, s.resolvedTo?.map((v) => `${v.name} (${v.id})`).join(', ') ?? s.value), el('td', { class: s.status === 'ER_SUCCESS_MATCH' ? 'good' : 'warn' }, s.status ?? ''), el('td', { class: 'mono' }, s.authority ?? '')));
    const invocation = trace.invocation as { form?: string } | undefined;
    return el('details', { class: 'trace', open: '' },
      el('summary', {}, `NLU: ${match ? `${match.intent} ← “${match.sample}” (${match.source}${match.ties > 1 ? `, ${match.ties} candidates` : ''})` : invocation?.form === 'launch' ? 'LaunchRequest (the skill opened)' : 'AMAZON.FallbackIntent (nothing matched)'}`),
      slots.length ? el('table', {}, el('tr', {}, ...['slot', 'type', 'heard', 'value', 'status', 'authority'].map((h) => el('th', {}, h))), ...rows) : undefined);
  }

  /** `Alexa API: POST /v1/directives 204 “One moment…”`, one line a call, and a note for calls not waited for. */
  function callsOf(turn: Json): HTMLElement | undefined {
    const record = turn.alexaApi as { calls: { method: string; path: string; status: number; speech?: string }[]; settled: boolean } | undefined;
    if (!record || (record.calls.length === 0 && record.settled)) return undefined;
    const lines = record.calls.map((c) => el('li', { class: c.status >= 400 ? 'bad' : '' }, `Alexa API: ${c.method} ${c.path} ${c.status}${c.speech === undefined ? '' : ` “${c.speech}”`}`));
    if (!record.settled) lines.push(el('li', { class: 'bad' }, 'Alexa API: a call still running after the answer was not waited for'));
    return el('ul', { class: 'alexa-api', 'aria-label': 'Alexa API calls' }, ...lines);
  }

  async function setPermission(permission: string, grant: boolean, speaker: boolean): Promise<boolean> {
    const outcome = await api('/api/permission', { permission, grant, speaker });
    if (outcome.error) note(str(outcome.error), 'error');
    return !outcome.error;
  }

  async function grantAll(permissions: string[]): Promise<void> {
    const speaker = settings().person.trim() !== '';
    const granted: string[] = [];
    for (const permission of permissions) if (await setPermission(permission, true, speaker)) granted.push(permission);
    if (granted.length) note(`Granted ${granted.join(', ')} for ${speaker ? settings().person.trim() : 'the account'}.`);
    void refresh();
  }

  function drawPermissions(info: Json): void {
    const box = $('permissions');
    box.replaceChildren();
    if (info.permissionsError) return box.append(el('p', { class: 'error' }, str(info.permissionsError)));
    const declared = (info.permissions as string[] | undefined) ?? [];
    const granted = info.alexaApi as { permissions: string[]; persons: Record<string, { permissions?: string[] }> } | null;
    if (!granted) return box.append(el('p', { class: 'note' }, 'The local Alexa API is off (--no-alexa-api).'));
    if (!declared.length) return box.append(el('p', { class: 'note' }, 'skill.json declares no permissions.'));
    const person = str(info.person);
    const answered = (info.answered as { account: string[]; speaker: string[] } | undefined) ?? { account: [], speaker: [] };
    const toggle = (permission: string, on: boolean, speaker: boolean, label: string): HTMLElement => {
      if (!(speaker ? answered.speaker : answered.account).includes(permission)) return el('span', { class: 'note', title: 'grant and deny take only what the local Alexa API answers' }, 'not served locally');
      const box = el('input', { type: 'checkbox', 'aria-label': label }) as HTMLInputElement;
      box.checked = on;
      box.addEventListener('change', () => void setPermission(permission, box.checked, speaker).then(() => refresh()));
      return box;
    };
    const rows = declared.map((p) => el('tr', {}, el('td', { class: 'mono' }, p),
      el('td', {}, toggle(p, granted.permissions.includes(p), false, `${p} for the account`)),
      person ? el('td', {}, toggle(p, granted.persons[person]?.permissions?.includes(p) ?? false, true, `${p} for ${person}`)) : undefined));
    box.append(el('table', {}, el('tr', {}, el('th', {}, 'permission'), el('th', {}, 'account'), person ? el('th', {}, person) : undefined), ...rows));
  }

  function showJson(turn: Json): void {
    if (turn.sent !== undefined) $<HTMLTextAreaElement>('request-json').value = JSON.stringify(turn.sent, null, 2);
    const answer = turn.answer as { body: unknown } | undefined;
    $('response-json').textContent = answer === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body, null, 2);
    const kept = turn.kept as { session?: { attributes?: unknown } | null } | undefined;
    if (kept !== undefined) $('attributes').textContent = kept.session ? JSON.stringify(kept.session.attributes ?? {}, null, 2) : '(no session)';
  }

  function latencyOf(turn: Json): HTMLElement | undefined {
    if (typeof turn.ms !== 'number' || turn.ms <= 0) return undefined;
    const budget = Number(turn.budgetMs);
    const share = Math.min(1, turn.ms / budget);
    const bar = el('span', { class: 'bar' });
    bar.style.width = `${(share * 100).toFixed(1)}%`;
    return el('div', { class: `latency${turn.ms > budget ? ' over' : ''}`, title: 'the time to the answer, against Alexa\'s 8-second budget' }, bar, `${Math.round(turn.ms)} ms of ${budget / 1000} s`);
  }

  function drawTurn(turn: Json): void {
    const box = el('section', { class: 'turn' });
    box.append(el('p', { class: 'you' }, str(turn.input)));
    box.append(el('p', { class: 'meta' }, `${str(turn.locale)} · ${str(turn.signature)}`));
    const trace = traceOf(turn.trace as Json | undefined);
    if (trace) box.append(trace);
    if (turn.error) {
      box.append(el('p', { class: 'error', role: 'alert' }, str(turn.error)));
      const closest = (turn.closest as { intent: string; sample: string }[] | undefined) ?? [];
      if (closest.length) box.append(el('p', { class: 'note' }, `Closest samples: ${closest.map((c) => `“${c.sample}” (${c.intent})`).join(', ')}`));
    }
    const calls = callsOf(turn);
    if (calls) box.append(calls);
    const answer = turn.answer as { status: number; body: unknown; json: boolean } | undefined;
    if (answer) {
      const response = (answer.body as { response?: Json } | undefined)?.response;
      if (answer.status !== 200 || !answer.json || !response) {
        box.append(el('p', { class: 'error', role: 'alert' }, `The skill answered HTTP ${answer.status}${answer.status === 200 ? (answer.json ? ' without a response' : ' with a body that is not JSON') : ''}:`), el('pre', { class: 'raw' }, typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body, null, 2)));
      } else {
        const speech = speechOf(response.outputSpeech);
        const reprompt = speechOf((response.reprompt as Json | undefined)?.outputSpeech);
        box.append(el('div', { class: 'alexa' }, el('p', { class: 'speech' }, speech || '(no speech)'), speech ? speakButton(speech) : undefined));
        if (reprompt) box.append(el('div', { class: 'alexa reprompt' }, el('p', { class: 'speech' }, `Reprompt: ${reprompt}`), speakButton(reprompt)));
        if (response.card) box.append(cardOf(response.card as Json));
        box.append(el('p', { class: 'meta' }, response.shouldEndSession === false ? 'Session open: waiting for your answer' : 'Session ended'));
      }
    }
    if (turn.voiceLink) box.append(voiceLinkBox());
    const latency = latencyOf(turn);
    if (latency) box.append(latency);
    log.append(box);
    box.scrollIntoView({ block: 'end' });
    showJson(turn);
  }

  function note(text: string, kind = 'note'): void {
    const p = el('p', { class: kind, ...(kind === 'error' ? { role: 'alert' } : { role: 'status' }) }, text);
    log.append(p);
    p.scrollIntoView({ block: 'end' });
  }

  function voiceLinkBox(): HTMLElement {
    const box = el('div', { class: 'card', 'aria-label': 'Voice linking' }, el('p', {}, 'Amazon asks the user to link their account by voice (Connections.StartConnection).'));
    const accept = el('button', { type: 'button', class: 'primary' }, 'Accept');
    accept.addEventListener('click', () => void linkAccount(true));
    box.append(accept);
    for (const choice of ['decline', 'unmet', 'fail']) {
      const button = el('button', { type: 'button' }, choice === 'decline' ? 'Decline' : choice === 'unmet' ? 'Requirements not met' : 'Connection fails');
      button.addEventListener('click', () => void api('/api/voice-link', { choice }).then(answerOutcome));
      box.append(button);
    }
    return box;
  }

  function answerOutcome(outcome: Json): void {
    if (outcome.error) return note(str(outcome.error), 'error');
    if (outcome.response !== undefined) drawTurn({ input: '(Amazon resumes the skill)', locale: settings().locale, signature: 'signed by the local CA', answer: { status: outcome.status, body: outcome.response, json: typeof outcome.response === 'object' }, kept: outcome.kept });
    else if (outcome.text) note(str(outcome.text));
    void refresh();
  }

  async function linkAccount(voice: boolean): Promise<void> {
    const started = await api('/api/link', { voice });
    if (started.error) return note(str(started.error), 'error');
    if (started.loginUrl) {
      const url = str(started.loginUrl);
      const link = el('a', { href: url, target: '_blank', rel: 'opener' }, 'Open the sign-in page');
      const p = el('p', { class: 'note', role: 'status' }, 'Sign in with the provider in the new window… ', link);
      log.append(p);
      window.open(url, '_blank');
      answerOutcome(await api('/api/link/result'));
      p.remove();
    } else {
      answerOutcome(started);
    }
  }

  async function say(text: string): Promise<void> {
    if (!text.trim()) return;
    input.value = '';
    const turn = await api('/api/say', { text });
    if (turn.error && turn.input === undefined) return note(str(turn.error), 'error');
    drawTurn(turn);
    void refresh();
  }

  async function refresh(): Promise<void> {
    const s = settings();
    const info = await api(`/api/info?locale=${encodeURIComponent(s.locale)}&person=${encodeURIComponent(s.person)}`);
    if (info.error) return note(str(info.error), 'error');
    const skill = info.skill as { url: string; id: string };
    $('skill').textContent = `${skill.url} · ${skill.id}`;
    const select = $<HTMLSelectElement>('locale');
    if (select.options.length === 0) {
      for (const locale of info.locales as string[]) select.append(el('option', { value: locale }, locale));
      select.value = str(info.locale);
    }
    const kept = info.kept as { session: { attributes: unknown } | null; linked: { grant: string; expiresAt: string } | null };
    $('linked').textContent = kept.linked ? `Linked (${kept.linked.grant} grant, until ${kept.linked.expiresAt})` : 'Not linked';
    $('attributes').textContent = kept.session ? JSON.stringify(kept.session.attributes, null, 2) : '(no session)';
    drawPermissions(info);
    const samples = $('samples');
    samples.replaceChildren();
    if (info.modelError) samples.append(el('p', { class: 'error' }, str(info.modelError)));
    const invocation = str(info.invocationName ?? '');
    $('invocation').textContent = invocation;
    for (const sample of (info.samples as { intent: string; text: string }[] | undefined) ?? []) {
      const chip = el('button', { type: 'button', class: 'chip', title: sample.intent }, sample.text);
      chip.addEventListener('click', () => {
        input.value = sample.text;
        input.focus();
      });
      samples.append(chip);
    }
  }

  $('say').addEventListener('submit', (event) => {
    event.preventDefault();
    void say(input.value);
  });
  $('locale').addEventListener('change', () => void refresh());
  $('person').addEventListener('change', () => void refresh());
  $('new-session').addEventListener('click', () => void api('/api/session', { action: 'new' }).then(() => {
    note('New session: the next request opens one (name the skill, e.g. “open …”).');
    return refresh();
  }));
  $('end-session').addEventListener('click', () => void api('/api/session', { action: 'end' }).then((turn) => (turn.input === undefined ? note(str(turn.error), 'error') : drawTurn(turn))));
  for (const action of ['unlink', 'disable']) {
    $(action).addEventListener('click', () => void api('/api/unlink', { action }).then((outcome) => {
      note(outcome.error ? str(outcome.error) : `SkillDisabled sent (${str((outcome.event as Json | undefined)?.persistence)}); the token is forgotten.`, outcome.error ? 'error' : 'note');
      return refresh();
    }));
  }
  $('kv-refresh').addEventListener('click', () => {
    $('kv').textContent = 'Reading…';
    void api('/api/kv').then((kv) => {
      if (typeof kv.error === 'string') {
        $('kv').textContent = kv.error;
        return;
      }
      const entries = (kv.entries as Json[] | undefined) ?? [];
      const expiry = (e: Json) => (typeof e.expiration === 'number' ? `, expires ${new Date(e.expiration * 1000).toISOString()}` : '');
      $('kv').textContent = entries.length === 0
        ? `Nothing of this user in ${str(kv.binding)} yet.`
        : entries.map((e) => `${str(e.key)} (${str(e.what)}${expiry(e)})\n${JSON.stringify(e.value, null, 2)}`).join('\n\n');
    });
  });
  $('resend').addEventListener('click', () => {
    let envelope: unknown;
    try {
      envelope = JSON.parse($<HTMLTextAreaElement>('request-json').value);
    } catch {
      return note('The request is not JSON: fix it, then resend.', 'error');
    }
    void api('/api/resend', { envelope }).then(drawTurn);
  });
  void refresh().then(() => document.body.setAttribute('data-ready', 'true'));
}
