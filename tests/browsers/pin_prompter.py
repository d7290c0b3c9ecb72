"""Chrome-context scripts that answer the browser's PIN prompts without a window, and count them.

NSS asks for a token's PIN through PSM's password callback, which takes an nsIPrompt from the
"@mozilla.org/prompter;1" factory and calls promptPassword(). INSTALL re-registers that contract ID to a
factory whose prompts answer promptPassword() from a table {token name: PIN} (the token's name is in the
prompt's text) and pass every other kind of prompt to the original factory. Each prompt is recorded. After
`answers` answers for a token the mock presses Cancel, which ends NSS's retry loop: a test with a wrong PIN
can never lock the card. The table and the record live on the factory object (wrappedJSObject), so later
scripts read them back by the factory's CID."""

INSTALL = r'''
const [pins, answers] = arguments;
const CONTRACT = "@mozilla.org/prompter;1";
const registrar = Components.manager.QueryInterface(Ci.nsIComponentRegistrar);
const realCid = registrar.contractIDToCID(CONTRACT);
const real = Components.manager.getClassObject(realCid, Ci.nsIFactory).createInstance(Ci.nsIPromptFactory);
const state = {prompts: [], answered: {}};

function tokenIn(text) {
  // the longest name that occurs wins ("… Signature PIN" must not match a shorter name it contains)
  let best = null;
  for (const name of Object.keys(pins)) {
    if (text.includes(name) && (!best || name.length > best.length)) best = name;
  }
  return best;
}

function passwordPrompt(realPrompt) {
  const p = {
    QueryInterface: ChromeUtils.generateQI(["nsIPrompt"]),
    promptPassword(title, text, password) {
      const token = tokenIn(String(text));
      const n = (state.answered[token] || 0) + 1;
      const answer = token !== null && n <= answers;
      state.prompts.push({title: String(title), text: String(text), token, answered: answer, at: Date.now()});
      if (!answer) return false;  // Cancel
      state.answered[token] = n;
      password.value = pins[token];
      return true;                // OK
    },
  };
  for (const f of ["alert", "alertCheck", "confirm", "confirmCheck", "confirmEx", "prompt",
                   "promptUsernameAndPassword", "select"]) {
    p[f] = (...a) => realPrompt.QueryInterface(Ci.nsIPrompt)[f](...a);
  }
  return p;
}

const factory = {
  QueryInterface: ChromeUtils.generateQI(["nsIFactory", "nsIPromptFactory"]),
  createInstance(iid) { return this.QueryInterface(iid); },
  getPrompt(parent, iid) {
    const realPrompt = real.getPrompt(parent, iid);
    return iid.equals(Ci.nsIPrompt) ? passwordPrompt(realPrompt) : realPrompt;
  },
  state,
};
factory.wrappedJSObject = factory;
const cid = Components.ID(Services.uuid.generateUUID().toString());
registrar.registerFactory(cid, "test PIN prompter", CONTRACT, factory);
return cid.toString();
'''

PROMPTS = r'''
const factory = Components.manager.getClassObject(Components.ID(arguments[0]), Ci.nsIFactory);
return factory.wrappedJSObject.state.prompts;
'''
