import type { RoadmapPublicMessages } from './roadmapPublic.vi';

/** The loudspeaker announcement and the public page links of the Roadmap screen (issue 15 §2), English. */
export const roadmapPublicEn: RoadmapPublicMessages = {
  printAnnouncement: 'Print loudspeaker announcement',
  publicPage: 'Public page',
  publicPageHint: "The commune's progress page for its people, no sign-in (opens in a new tab)",
  announcement: {
    title: 'Loudspeaker announcement',
    intro: 'One text per week, read slowly and clearly, about two minutes. Printed, each week on its own page.',
    phone: "The team's phone number (read out in the announcement)",
    phoneHint: "Filled in from the team's letter settings. Clear it to read no phone number.",
    print: 'Print',
    download: 'Download .txt',
    back: 'Back to Roadmap',
    week: 'Week {{week}}: {{days}}',
    length: '{{syllables}} syllables, about {{minutes}} min of reading',
    noCommune: 'No commune chosen. Open the Roadmap screen and pick a commune.',
  },
};
