/**
 * What the browser bench runs inside the page. Every figure ends at the first frame painted after
 * the change is in the DOM: the check runs in a MutationObserver, then a requestAnimationFrame and
 * a message posted from it (the message runs after that frame is painted). Each starts at the
 * event's own timestamp (keydown: `event.timeStamp`, set when the browser received the key), at
 * the navigation's start (`performance.timeOrigin`), or at a wall-clock instant taken in Node
 * (epoch milliseconds: Node's and Chromium's `timeOrigin + now()` read the same system clock).
 *
 * Plain JavaScript in a string: tsx would add helpers (`__name`) to functions serialized from here.
 * It defines `window.__bench`:
 * - `installReadyWatch({ column, count })`, run before any script of each page
 *   (context.addInitScript): sets `window.__benchReady` when the board is ready, i.e. the column
 *   `column` shows its full count `count` and its first card's buttons are in the DOM and usable
 *   (not inside an inert element: a person can focus and open it), at the frame painted after; and
 *   `window.__benchPainted` at the first frame that shows them, usable or not. Taskflow's board and the floor share this
 *   markup (section[aria-label], .count, article). With sessionStorage `bench:open-when-ready`
 *   = '1', the first card's "Open" is clicked the moment it is usable, and `window.__benchOpened`
 *   set at the frame that paints its panel (`Opened`): what usable is worth to a person who clicks.
 * - `armAppear(selector)`: `window.__appeared` resolves at the frame painted after `selector`
 *   appears, with the time since the next keydown (NaN if none) and the epoch time. Throws if it
 *   is there already (the figure would mean nothing). The first frame after the keydown is asked
 *   for in the keydown itself, ahead of the page's handlers: a page that defers work to right
 *   after its paint (Taskflow writes a drop then) would otherwise delay that frame's message.
 * - `armTyping()`: from then on each printable keydown followed by an `input` event adds one
 *   latency to `window.__typing`: keydown timestamp → the frame painted after the input's handlers
 *   (React's re-render included) ran.
 */

export type Ready = { sinceNavigation: number; epoch: number };
export type Opened = { sinceNavigation: number; sinceClick: number };
export type Appeared = { sinceKeydown: number; epoch: number };

const PAGE_SCRIPT = String.raw`
(function () {
  if (window.__bench) return;
  function afterPaint(callback) {
    requestAnimationFrame(function () {
      var channel = new MessageChannel();
      channel.port1.onmessage = function () { callback(performance.now()); };
      channel.port2.postMessage(0);
    });
  }
  // The first keydown listener of the page (capture, on the window, before any page script):
  // an armed figure asks for the first frame after the key here, before the page's own handlers
  // run, so its message after that frame's paint comes before any work the page defers to after
  // the paint (which would otherwise be counted as if the card were not painted yet).
  var onKeydown = null;
  window.addEventListener('keydown', function (e) { if (onKeydown) onKeydown(e); }, true);
  window.__bench = {
    installReadyWatch: function (watch) {
      // 'painted': the column and its first card's button are on the page; 'ready': that button can
      // also be used, i.e. it is not inside an inert element (Taskflow paints its board from a
      // snapshot, inert, until the document is loaded).
      function state() {
        var section = document.querySelector('section[aria-label="' + watch.column + '"]');
        if (!section) return null;
        var count = section.querySelector('.count');
        var button = section.querySelector('article button');
        if (count === null || count.textContent !== String(watch.count) || button === null) return null;
        return button.closest('[inert]') === null ? 'ready' : 'painted';
      }
      var painted = false;
      var observer = new MutationObserver(function () {
        var now = state();
        if (now === null) return;
        if (!painted) {
          painted = true;
          afterPaint(function (at) {
            window.__benchPainted = { sinceNavigation: at, epoch: performance.timeOrigin + at };
          });
        }
        if (now !== 'ready') return;
        observer.disconnect();
        afterPaint(function (at) {
          window.__benchReady = { sinceNavigation: at, epoch: performance.timeOrigin + at };
        });
        if (sessionStorage.getItem('bench:open-when-ready') === '1') openFirstCard(section());
      });
      function section() {
        return document.querySelector('section[aria-label="' + watch.column + '"]');
      }
      // A person's first click, as soon as the board is usable: the first card's "Open", clicked
      // in the same task that saw it usable; the figure ends at the frame that paints its panel
      // with the card's title in its Title field (both pages' panels have one).
      function openFirstCard(column) {
        var button = column.querySelector('article button');
        var title = (button.getAttribute('aria-label') || '').replace(/^Open /, '');
        function shown() {
          var inputs = document.querySelectorAll('dialog[open] input');
          for (var i = 0; i < inputs.length; i++) if (inputs[i].value === title) return true;
          return false;
        }
        var clickedAt = performance.now();
        button.click();
        var opened = new MutationObserver(function () {
          if (!shown()) return;
          opened.disconnect();
          afterPaint(function (at) {
            window.__benchOpened = { sinceNavigation: at, sinceClick: at - clickedAt };
          });
        });
        opened.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      }
      observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['inert'] });
    },
    armAppear: function (selector) {
      if (document.querySelector(selector)) throw new Error('already on the page: ' + selector);
      var keydownAt = NaN;
      window.__appeared = new Promise(function (resolve) {
        var done = false;
        function painted(now) {
          if (done) return;
          done = true;
          observer.disconnect();
          resolve({ sinceKeydown: now - keydownAt, epoch: performance.timeOrigin + now });
        }
        // Painted in the first frame after the key when it is in the DOM by then (checked in that
        // frame's animation callbacks, before its paint); otherwise the observer below waits for it.
        onKeydown = function (e) {
          onKeydown = null;
          keydownAt = e.timeStamp;
          requestAnimationFrame(function () {
            if (!document.querySelector(selector)) return;
            var channel = new MessageChannel();
            channel.port1.onmessage = function () { painted(performance.now()); };
            channel.port2.postMessage(0);
          });
        };
        var observer = new MutationObserver(function () {
          if (!document.querySelector(selector)) return;
          observer.disconnect();
          afterPaint(painted);
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      });
    },
    armTyping: function () {
      window.__typing = [];
      var keydownAt = null;
      document.addEventListener('keydown', function (e) { if (e.key.length === 1) keydownAt = e.timeStamp; }, true);
      // Bubble phase on the document: after React's listener on its root container.
      document.addEventListener('input', function () {
        var start = keydownAt;
        keydownAt = null;
        if (start === null) return;
        afterPaint(function (now) { window.__typing.push(now - start); });
      });
    },
  };
})();
`;

/** For context.addInitScript: the helpers, and the ready watch started. */
export function readyWatchScript(watch: { column: string; count: number }): string {
  return `${PAGE_SCRIPT}\nwindow.__bench.installReadyWatch(${JSON.stringify(watch)});`;
}

export function armAppearScript(selector: string): string {
  return `${PAGE_SCRIPT}\nwindow.__bench.armAppear(${JSON.stringify(selector)});`;
}

export function armTypingScript(): string {
  return `${PAGE_SCRIPT}\nwindow.__bench.armTyping();`;
}
