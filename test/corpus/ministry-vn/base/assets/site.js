// Clock (Viet Nam time), the hero carousel, the rotating partner banner and the cookie notice.
(function () {
  var THU = ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
  var clock = document.getElementById('vn-clock');
  function two(n) { return (n < 10 ? '0' : '') + n; }
  function tick() {
    var d = new Date(Date.now() + 7 * 3600 * 1000); // GMT+7, read with the UTC getters
    clock.textContent = THU[d.getUTCDay()] + ', ' + two(d.getUTCDate()) + '/' + two(d.getUTCMonth() + 1) + '/' + d.getUTCFullYear() +
      ' | ' + two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ' (GMT+7)';
  }
  tick();
  setInterval(tick, 15000);

  // The CMS opens the carousel on a random slide so that every story gets seen, then rotates.
  var slides = document.querySelectorAll('#carousel .slide');
  var dots = document.querySelectorAll('#carousel .dots span');
  var current = Math.floor(Math.random() * slides.length);
  function show(n) {
    slides[current].classList.remove('on');
    dots[current].classList.remove('on');
    current = n;
    slides[current].classList.add('on');
    dots[current].classList.add('on');
  }
  show(current);
  setInterval(function () { show((current + 1) % slides.length); }, 6000);

  // One of the partner banners, drawn at random on each visit.
  var ADS = [
    { src: 'img/ad-1.png', alt: 'Dịch vụ công trực tuyến' },
    { src: 'img/ad-2.png', alt: 'Đường dây nóng môi trường 1800 1098' },
    { src: 'img/ad-3.png', alt: 'Tra cứu dữ liệu đất đai' }
  ];
  var ad = ADS[Math.floor(Math.random() * ADS.length)];
  var adImg = document.getElementById('ad-img');
  adImg.src = ad.src;
  adImg.alt = ad.alt;

  var bar = document.getElementById('cookies');
  if (localStorage.getItem('cookie-ok') === '1') bar.style.display = 'none';
  document.getElementById('cookie-ok').addEventListener('click', function () {
    localStorage.setItem('cookie-ok', '1');
    bar.style.display = 'none';
  });
})();
