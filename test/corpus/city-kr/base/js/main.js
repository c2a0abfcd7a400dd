document.addEventListener('DOMContentLoaded', function () {
  var DAYS = ['일', '월', '화', '수', '목', '금', '토'];
  var target = document.getElementById('now-kst');
  function pad(n) { return ('0' + n).slice(-2); }
  function render() {
    var k = new Date(Date.now() + 9 * 36e5); // KST
    target.textContent = k.getUTCFullYear() + '.' + pad(k.getUTCMonth() + 1) + '.' + pad(k.getUTCDate()) +
      ' (' + DAYS[k.getUTCDay()] + ') ' + pad(k.getUTCHours()) + ':' + pad(k.getUTCMinutes()) + ':' + pad(k.getUTCSeconds());
  }
  render();
  setInterval(render, 1000);

  var items = document.querySelectorAll('.pz-list li');
  var cur = document.getElementById('pz-cur');
  var idx = 0, playing = true;
  function next() {
    items[idx].classList.remove('on');
    idx = (idx + 1) % items.length;
    items[idx].classList.add('on');
    cur.textContent = idx + 1;
  }
  var timer = setInterval(next, 3500);
  document.getElementById('pz-stop').addEventListener('click', function () {
    if (playing) { clearInterval(timer); this.textContent = '재생'; } else { timer = setInterval(next, 3500); this.textContent = '정지'; }
    playing = !playing;
  });

  var tabs = document.querySelectorAll('.tabs button');
  tabs.forEach(function (t) { t.addEventListener('click', function () { tabs.forEach(function (o) { o.classList.toggle('on', o === t); }); }); });
});
