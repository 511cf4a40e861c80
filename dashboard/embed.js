// The web chat on a partner's site. Paste, where the page should offer it:
//   <script src="https://BOT/embed.js" data-language="es" defer></script>
// It adds a "Chat with us" button at the bottom right that opens the chat
// (https://BOT/chat) in a frame. Nothing from the partner's page is read or sent.
(function () {
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src).origin;
  var language = script.getAttribute('data-language') || '';
  var label = script.getAttribute('data-label') || 'Chat with us';
  var channel = script.getAttribute('data-channel') || '';

  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('aria-expanded', 'false');
  var s = button.style;
  s.position = 'fixed'; s.right = '16px'; s.bottom = '16px'; s.zIndex = '2147483000';
  s.background = '#0b5394'; s.color = '#fff'; s.border = '0'; s.borderRadius = '999px';
  s.padding = '12px 18px'; s.font = '16px system-ui, sans-serif'; s.cursor = 'pointer';
  s.boxShadow = '0 2px 8px rgba(0,0,0,.3)';

  var frame = null;
  function create() {
    frame = document.createElement('iframe');
    var query = [];
    if (language) query.push('lang=' + encodeURIComponent(language));
    if (channel) query.push('channel=' + encodeURIComponent(channel));
    frame.src = origin + '/chat' + (query.length ? '?' + query.join('&') : '');
    frame.title = label;
    var f = frame.style;
    f.position = 'fixed'; f.right = '16px'; f.bottom = '72px'; f.zIndex = '2147483000';
    f.width = 'min(380px, calc(100vw - 32px))'; f.height = 'min(600px, calc(100vh - 96px))';
    f.border = '1px solid #8a96a3'; f.borderRadius = '12px'; f.background = '#fff';
    f.boxShadow = '0 4px 16px rgba(0,0,0,.3)';
    frame.hidden = true;
    document.body.appendChild(frame);
  }
  button.addEventListener('click', function () {
    if (!frame) create();
    frame.hidden = !frame.hidden;
    button.setAttribute('aria-expanded', String(!frame.hidden));
    if (!frame.hidden) frame.focus();
  });
  document.body.appendChild(button);
})();
