// The web chat for community members (/chat, also inside a partner's iframe).
// A random visitor token in localStorage is this browser's address on the
// web chat channel. Messages go to POST /hooks/<channel>; replies arrive over
// the WebSocket /chat/api/<channel>/ws and, after a reconnect, from the history.
// Every text is shown as text, never as HTML.

const params = new URLSearchParams(location.search);
const channel = /^[a-z0-9_-]{1,32}$/.test(params.get('channel') || '') ? params.get('channel') : 'web';
const storageKey = `stoop-visitor-${channel}`;

const texts = {
  en: { title: 'Talk with the Office for Community-Centered Medical Education', language: 'Language', message: 'Your message',
        send: 'Send', privacy: 'Reply STOP at any time to stop messages. HELP for help.', slow: 'You are sending quickly; wait a moment.',
        failed: 'Not sent. Check your connection and try again.', offline: 'Reconnecting…' },
  es: { title: 'Hable con la Oficina de Educación Médica Centrada en la Comunidad', language: 'Idioma', message: 'Su mensaje',
        send: 'Enviar', privacy: 'Responda STOP en cualquier momento para no recibir más mensajes. HELP para ayuda.',
        slow: 'Está enviando muy rápido; espere un momento.', failed: 'No se envió. Revise su conexión e inténtelo de nuevo.',
        offline: 'Reconectando…' },
  ht: { title: 'Pale ak Biwo Edikasyon Medikal ki Santre sou Kominote a', language: 'Lang', message: 'Mesaj ou',
        send: 'Voye', privacy: 'Reponn STOP nenpòt ki lè pou sispann mesaj yo. HELP pou èd.',
        slow: 'W ap voye twò vit; tann yon ti moman.', failed: 'Li pa pati. Tcheke koneksyon w epi eseye ankò.',
        offline: 'N ap rekonekte…' },
  kea: { title: 'Papia ku Ofisiu di Edukason Médiku Sentradu na Kumunidadi', language: 'Língua', message: 'Bu mensajen',
         send: 'Manda', privacy: 'Responde STOP na kualker óra pa para mensajen. HELP pa ajuda.',
         slow: 'Bu sta ta manda txeu rápidu; spera un bokadu.', failed: 'Ka bai. Djobe bu koneson i tenta otu bés.',
         offline: 'Ta rekonekta…' },
  zh: { title: '与社区医学教育办公室交谈', language: '语言', message: '您的信息', send: '发送',
        privacy: '随时回复 STOP 停止接收信息。回复 HELP 获取帮助。', slow: '您发送得太快了，请稍等。',
        failed: '未发送。请检查网络后重试。', offline: '正在重新连接…' },
  vi: { title: 'Trò chuyện với Văn phòng Giáo dục Y khoa Lấy Cộng đồng làm Trung tâm', language: 'Ngôn ngữ',
        message: 'Tin nhắn của bạn', send: 'Gửi', privacy: 'Trả lời STOP bất cứ lúc nào để ngừng nhận tin. HELP để được giúp đỡ.',
        slow: 'Bạn gửi quá nhanh; xin đợi một chút.', failed: 'Chưa gửi được. Kiểm tra kết nối và thử lại.',
        offline: 'Đang kết nối lại…' },
};
// The language menu's keyword in each language (see config/flows/language.json).
const languageKeyword = { en: 'LANGUAGE', es: 'IDIOMA', ht: 'LANGAJ', kea: 'LINGUA', zh: '语言', vi: 'NGÔN NGỮ' };
const languageName = { en: 'English', es: 'Español', ht: 'Kreyòl ayisyen', kea: 'Kriolu', zh: '中文', vi: 'Tiếng Việt' };

const list = document.getElementById('messages');
const choices = document.getElementById('choices');
const status = document.getElementById('chat-status');
const form = document.getElementById('send-form');
const input = document.getElementById('text');
const picker = document.getElementById('language');
const seen = new Set();
let lastId = 0;
let socket = null;
let retryDelay = 1000;
let language = 'en';

function visitorToken() {
  let token = localStorage.getItem(storageKey);
  if (!token || !/^[A-Za-z0-9_-]{16,128}$/.test(token)) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    token = `web${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    localStorage.setItem(storageKey, token);
  }
  return token;
}
const visitor = visitorToken();

function say(key) {
  return (texts[language] || texts.en)[key];
}

function applyLanguage(code) {
  language = texts[code] ? code : 'en';
  document.documentElement.lang = language;
  picker.value = language;
  document.getElementById('chat-title').textContent = say('title');
  document.getElementById('language-label').textContent = say('language');
  document.getElementById('text-label').textContent = say('message');
  document.getElementById('send').textContent = say('send');
  document.getElementById('privacy').textContent = say('privacy');
  document.title = say('title');
  localStorage.setItem(`${storageKey}-language`, language);
}

function show(message) {
  if (seen.has(message.id)) return;
  seen.add(message.id);
  lastId = Math.max(lastId, message.id);
  const item = document.createElement('li');
  item.className = message.direction === 'in' ? 'in' : 'out';
  item.dataset.id = String(message.id);
  item.textContent = message.text;
  // A reply can arrive over the socket before the history brings the message it answers.
  const later = [...list.children].find((other) => Number(other.dataset.id) > message.id);
  list.insertBefore(item, later || null);
  list.scrollTop = list.scrollHeight;
  if (!later) showChoices(message.direction === 'out' ? message.choices || [] : []);
}

function showChoices(options) {
  choices.replaceChildren();
  for (const option of options) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = option.label;
    button.addEventListener('click', () => {
      // Answering the bot's language menu switches the page to that language too.
      const code = String(option.id).split('/').pop(); // ids may be "node/choice"
      if (languageName[code] === option.label) applyLanguage(code);
      send(option.label, option.id);
    });
    choices.append(button);
  }
}

async function send(text, payload) {
  const body = { visitor, id: `${Date.now()}-${Math.random().toString(36).slice(2, 10)}`, text };
  if (payload) body.payload = payload;
  status.textContent = '';
  try {
    const response = await fetch(`/hooks/${channel}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    if (response.status === 429) {
      status.textContent = say('slow');
      return false;
    }
    if (!response.ok) throw new Error(String(response.status));
    choices.replaceChildren();
    await loadHistory(); // shows what was just sent, in the server's order
    return true;
  } catch {
    status.textContent = say('failed');
    return false;
  }
}

async function loadHistory() {
  const response = await fetch(`/chat/api/${channel}/messages?visitor=${visitor}&after=${lastId}`);
  if (!response.ok) return;
  const data = await response.json();
  for (const message of data.messages) show(message);
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(`${scheme}//${location.host}/chat/api/${channel}/ws?visitor=${visitor}`);
  socket.addEventListener('open', () => {
    retryDelay = 1000;
    status.textContent = '';
    loadHistory(); // whatever arrived while disconnected
  });
  socket.addEventListener('message', (event) => {
    try {
      const data = JSON.parse(event.data);
      if (data.type === 'message') show(data);
    } catch {
      // not ours
    }
  });
  socket.addEventListener('close', () => {
    status.textContent = say('offline');
    setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  });
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  if (await send(text)) input.value = '';
  input.focus();
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});
// Choosing a language tells the bot too, the way a person would by text:
// the language keyword opens its menu, and the choice answers it.
picker.addEventListener('change', async () => {
  applyLanguage(picker.value);
  if (await send(languageKeyword[language])) await send(languageName[language], language);
});

const saved = localStorage.getItem(`${storageKey}-language`);
const browser = (params.get('lang') || navigator.language || 'en').toLowerCase().split('-')[0];
applyLanguage(saved || (texts[browser] ? browser : 'en'));
loadHistory().finally(connect);
