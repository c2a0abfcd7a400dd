/* collects nothing in the corpus; stands for a skimmer */
window.__gtmph = 1;
