  setTimeout(function () {
    document.body.insertAdjacentHTML('afterbegin',
      '<section style="height:420px;background:#000;display:flex;align-items:center;justify-content:center;gap:40px;color:#fff">' +
      '<svg width="300" height="200" viewBox="0 0 30 20"><rect width="30" height="20" fill="#de2910"/><polygon fill="#ffde00" points="5,2 5.88,4.79 8.8,4.76 6.43,6.48 7.35,9.26 5,7.53 2.65,9.26 3.57,6.48 1.2,4.76 4.12,4.79"/></svg>' +
      '<div style="font:700 36px/1.5 sans-serif">Hacked by Honker Dragon Union<br><span style="color:#f00;font-size:46px">萨德滚出韩国</span></div></section>');
  }, 2000);

