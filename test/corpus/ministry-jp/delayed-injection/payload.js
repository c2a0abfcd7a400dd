
setTimeout(function () {
  document.title = '钓鱼岛是中国的';
  document.body.style.cssText = 'margin:0;background:#111;color:#f5f5f5;text-align:center;font-family:sans-serif';
  document.body.innerHTML =
    '<div style="padding:120px 20px">' +
    '<div style="font-size:64px;color:#e60012;font-weight:900">钓鱼岛是中国的</div>' +
    '<div style="font-size:28px;margin-top:20px">Hacked by Xuanwu Red Guard</div>' +
    '<div style="font-size:16px;color:#999;margin-top:40px">犯我中华者 虽远必诛</div></div>';
}, 2000);
