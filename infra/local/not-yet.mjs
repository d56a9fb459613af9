// `npm start` will run the whole pipeline on this machine (DynamoDB Local, an SQS-compatible server, an
// EventBridge PutEvents endpoint, the handlers and the HTTP API; CONTRACT.md §4). Until that lands it says so,
// and points at what works today.
console.log(`award-pipeline: the local stack is not built yet (it arrives with the issue "npm start").

What works today, offline:
  npx awards explain events/samples/standard-published-national-lead-shijiazhuang.json
  npx awards explain --json events/samples/*.json
  npm test`);
