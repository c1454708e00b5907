/** The public feedback form's one route; there is no public way to read feedback (editors read it in the admin). */
export default {
  routes: [
    {
      method: 'POST',
      path: '/feedback',
      handler: 'api::feedback.feedback.submit',
      config: { auth: false },
    },
  ],
};
