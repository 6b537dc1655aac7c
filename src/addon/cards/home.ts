import { backendUrl } from '../config';

export type HomeView = { userEmail: string; webAppUrl: string };

export function homeView(): HomeView {
  return { userEmail: Session.getActiveUser().getEmail(), webAppUrl: backendUrl() + '/' };
}

export function buildHomeCard(view: HomeView): GoogleAppsScript.Card_Service.Card {
  const section = CardService.newCardSection()
    .addWidget(CardService.newTextParagraph().setText(`Signed in as <b>${view.userEmail}</b>.`))
    .addWidget(
      CardService.newTextButton()
        .setText('Open mailtrail')
        .setOpenLink(CardService.newOpenLink().setUrl(view.webAppUrl)),
    );
  return CardService.newCardBuilder()
    .setName('home')
    .setHeader(CardService.newCardHeader().setTitle('mailtrail'))
    .addSection(section)
    .build();
}
