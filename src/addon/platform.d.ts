// Apps Script members that Google documents but @types/google-apps-script 2.0 lacks. Only documented members go
// here: https://developers.google.com/apps-script/reference/card-service/update-draft-body-type
declare namespace GoogleAppsScript.Card_Service {
  enum UpdateDraftBodyType {
    INSERT_AT_START = 1,
    INSERT_AT_END = 2,
  }
}
