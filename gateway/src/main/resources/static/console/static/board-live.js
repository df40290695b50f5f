// The live delivery board is pushed, not only polled: the reporting service's stream (Server-Sent Events, through
// the gateway's route, with the session cookie) sends "counts" whenever a campaign's counters change, and each
// event makes htmx reload the board - at most once a second, and always once after the last event. The htmx poll
// on the board (govcomm.console.board-refresh-seconds) stays as the slower fallback. The charts beside it are
// re-fetched on the same events, at most once every 5 seconds (a chart is a larger aggregation than the counters).
(function () {
  'use strict';
  var MIN_INTERVAL_MS = 1000;
  var CHART_MIN_INTERVAL_MS = 5000;

  function start() {
    var board = document.getElementById('board');
    if (!board || !board.dataset.stream || typeof EventSource === 'undefined') {
      return;
    }
    var source = new EventSource(board.dataset.stream);
    var last = 0;
    var timer = null;
    var events = 0;
    var charts = document.getElementById('board-charts');
    var chartsLast = 0;
    var chartsTimer = null;

    function refresh() {
      timer = null;
      last = Date.now();
      if (window.htmx) {
        window.htmx.trigger(board, 'board-changed');
      }
    }

    function refreshCharts() {
      chartsTimer = null;
      chartsLast = Date.now();
      if (window.htmx) {
        window.htmx.trigger(charts, 'charts-changed');
      }
    }

    source.addEventListener('open', function () {
      board.dataset.live = 'connected';
    });
    source.addEventListener('counts', function () {
      board.dataset.live = 'connected';
      board.dataset.liveEvents = String(++events);
      if (timer === null) {
        timer = setTimeout(refresh, Math.max(0, last + MIN_INTERVAL_MS - Date.now()));
      }
      if (charts && chartsTimer === null) {
        chartsTimer = setTimeout(refreshCharts, Math.max(0, chartsLast + CHART_MIN_INTERVAL_MS - Date.now()));
      }
    });
    source.addEventListener('error', function () {
      // The browser reconnects by itself unless the answer was not a stream (then only the poll remains).
      board.dataset.live = source.readyState === EventSource.CLOSED ? 'polling' : 'reconnecting';
    });
    window.addEventListener('pagehide', function () {
      source.close();
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
