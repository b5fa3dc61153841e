// The restatement feed, live: the SSE stream says when restatements are recorded; the server renders them.
(() => {
  const feed = document.getElementById("feed");
  const status = document.getElementById("feed-status");
  if (!feed || !window.EventSource) return;
  let after = Number(feed.dataset.after || 0);
  let fetching = Promise.resolve();

  const addNewer = async () => {
    const response = await fetch(`/ui/restatements/items?after=${after}`, { headers: { Accept: "text/html" } });
    if (!response.ok) return;
    const template = document.createElement("template");
    template.innerHTML = await response.text();
    const items = [...template.content.querySelectorAll("li.restatement")];
    if (items.length === 0) return;
    after = Math.max(after, ...items.map(item => Number(item.dataset.position)));
    feed.prepend(...items);
    status.textContent = `${items.length} new restatement${items.length === 1 ? "" : "s"} at ${new Date().toLocaleTimeString()}.`;
  };

  const stream = new EventSource(`/api/restatements/stream?after=${after}`);
  stream.addEventListener("restatement", event => {
    if (Number(event.lastEventId) <= after) return;
    fetching = fetching.then(addNewer, addNewer);
  });
})();
