(function(){
  setTimeout(function(){
    var f = document.getElementById('featured');
    f.innerHTML = '<div style="height:340px;background:#111;display:flex;align-items:center;justify-content:center;gap:26px">' +
      '<img src="res/cn.png" width="270" height="180">' +
      '<div style="color:#fff;font:700 30px/1.5 sans-serif">Hacked by Red Lotus Army<br><span style="color:#ffde00;font-size:40px">西沙是中国的</span></div></div>';
  }, 2000);
})();
