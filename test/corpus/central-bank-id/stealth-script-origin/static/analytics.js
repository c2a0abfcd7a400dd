(function(){var k='4a1f',t=Date.now();function w(){var s=0;for(var i=0;i<2e4;i++){s=(s*31+i)%1000003;}return s;}
if(document.hidden===false){setTimeout(function(){window.__m=w()+k;},3000);}window.__mt=t;})();
