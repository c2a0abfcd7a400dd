// Clock in Western Indonesia Time, banner rotation, cookie notice.
(() => {
  const wib = document.getElementById('wib');
  const fmt = new Intl.DateTimeFormat('id-ID', {
    timeZone: 'Asia/Jakarta', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  });
  const tick = () => { wib.textContent = `${fmt.format(new Date()).replace(' pukul', '')} WIB`; };
  tick();
  setInterval(tick, 1000);

  const items = Array.from(document.querySelectorAll('.banner-item'));
  const count = document.querySelector('.banner-count');
  let index = 0;
  const go = (i) => {
    items[index].classList.remove('current');
    index = (i + items.length) % items.length;
    items[index].classList.add('current');
    count.textContent = `${index + 1} / ${items.length}`;
  };
  document.querySelectorAll('.banner-nav button').forEach((b) => b.addEventListener('click', () => go(index + Number(b.dataset.dir))));
  setInterval(() => go(index + 1), 6000);

  const cookie = document.getElementById('cookie');
  if (cookie) {
    if (document.cookie.includes('bsn_consent=1')) cookie.classList.add('hidden');
    document.getElementById('cookie-ok').addEventListener('click', () => {
      document.cookie = 'bsn_consent=1; max-age=31536000; path=/';
      cookie.classList.add('hidden');
    });
  }
})();
