(function(){
  var THU = ['Chủ Nhật','Thứ Hai','Thứ Ba','Thứ Tư','Thứ Năm','Thứ Sáu','Thứ Bảy'];
  function z(n){return n<10?'0'+n:''+n;}
  function clock(){
    var t = new Date(Date.now() + 7*3600*1000);
    document.getElementById('vn-day').innerHTML = THU[t.getUTCDay()];
    document.getElementById('vn-date').innerHTML = z(t.getUTCDate())+'/'+z(t.getUTCMonth()+1)+'/'+t.getUTCFullYear();
    document.getElementById('vn-time').innerHTML = z(t.getUTCHours())+':'+z(t.getUTCMinutes())+':'+z(t.getUTCSeconds());
  }
  clock(); setInterval(clock, 1000);

  var s = document.querySelectorAll('#featured .fslide'), n = document.querySelectorAll('#featured .fnav span'), i = 0;
  setInterval(function(){
    s[i].className = 'fslide'; n[i].className = '';
    i = (i + 1) % s.length;
    s[i].className = 'fslide show'; n[i].className = 'on';
  }, 5500);

  // Partner banners, as an ad server rotates them: a random one at load, then the next every 8 s.
  var ads = [
    ['images/partner-1.png', 'Tra cứu bản án, quyết định trực tuyến'],
    ['images/partner-2.png', 'Dịch vụ công trực tuyến: nộp đơn khởi kiện qua mạng'],
    ['images/partner-3.png', 'Phổ biến pháp luật: Luật Hòa giải, đối thoại tại Tòa án']
  ];
  var k = Math.floor(Math.random() * ads.length), ad = document.querySelector('#partner img');
  function showAd(){ ad.src = ads[k][0]; ad.alt = ads[k][1]; }
  showAd();
  setInterval(function(){ k = (k + 1) % ads.length; showAd(); }, 8000);

  // Visitor counter, as many Vietnamese portals show one.
  var v = 1204577 + Math.floor((Date.now() / 60000) % 1000);
  document.getElementById('visits').innerHTML = v.toLocaleString('vi-VN');
})();
